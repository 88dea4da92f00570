package kiln.ir.graph;

import java.util.List;

/**
 * Batch normalisation in inference form: {@code (x - mean) / sqrt(var + epsilon) * scale + bias}, per
 * channel (axis 1). Inputs {@code x[N, C, ...], scale[C], bias[C], mean[C], var[C]}.
 */
public record BatchNorm(double epsilon) implements Op {
    public BatchNorm {
        Norms.epsilon("batch_norm", epsilon);
    }

    @Override
    public String name() {
        return "batch_norm";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 5, 5);
        return Norms.perChannel(name(), inputs, 2, "scale", "bias", "mean", "var");
    }
}
