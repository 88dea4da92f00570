package kiln.ir.graph;

import java.util.List;

/**
 * Group normalisation: the channels of {@code x[N, C, ...]} are split into {@code groups} groups, each
 * normalised per image over its channels and spatial positions, then optionally scaled and shifted per
 * channel ({@code scale[C], bias[C]}), as PyTorch's GroupNorm.
 */
public record GroupNorm(int groups, double epsilon) implements Op {
    public GroupNorm {
        if (groups < 1) {
            throw new IrException("group_norm: groups must be positive, got " + groups);
        }
        Norms.epsilon("group_norm", epsilon);
    }

    @Override
    public String name() {
        return "group_norm";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 3);
        if (inputs.size() == 2) {
            throw new IrException(name() + ": give both scale and bias, or neither");
        }
        List<TensorType> out = Norms.perChannel(name(), inputs, 2, "scale", "bias");
        int c = inputs.getFirst().dim(1);
        if (c % groups != 0) {
            throw new IrException(name() + ": " + c + " channels are not divisible by groups=" + groups);
        }
        return out;
    }
}
