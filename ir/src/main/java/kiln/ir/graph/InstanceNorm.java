package kiln.ir.graph;

import java.util.List;

/**
 * Instance normalisation: each (image, channel) plane of {@code x[N, C, ...]} is normalised by its own
 * mean and biased variance, then optionally scaled and shifted per channel ({@code scale[C], bias[C]}).
 */
public record InstanceNorm(double epsilon) implements Op {
    public InstanceNorm {
        Norms.epsilon("instance_norm", epsilon);
    }

    @Override
    public String name() {
        return "instance_norm";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 3);
        if (inputs.size() == 2) {
            throw new IrException(name() + ": give both scale and bias, or neither");
        }
        return Norms.perChannel(name(), inputs, 3, "scale", "bias");
    }
}
