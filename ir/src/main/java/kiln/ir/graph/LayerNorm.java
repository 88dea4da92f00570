package kiln.ir.graph;

import java.util.List;

/**
 * Layer normalisation: each slice of {@code x} over {@code axes} is normalised to zero mean and unit
 * (biased) variance, {@code (x - mean) / sqrt(var + epsilon)}, then multiplied by the optional
 * {@code scale} and shifted by the optional {@code bias}, both broadcast against {@code x}. Trailing
 * axes give ONNX's LayerNormalization; {@code axes = [1]} on NCHW is the channels-first form of
 * ConvNeXt.
 */
public record LayerNorm(List<Integer> axes, double epsilon) implements Op {
    public LayerNorm {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IrException("layer_norm: needs at least one axis");
        }
        Norms.epsilon("layer_norm", epsilon);
    }

    @Override
    public String name() {
        return "layer_norm";
    }

    /** The normalised axes, non-negative, for an input of the given rank. */
    public List<Integer> axesFor(int rank) {
        return Infer.axes(name(), axes, rank);
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, 3);
        TensorType x = inputs.getFirst();
        Infer.requireFloat(op, x);
        for (int a : axesFor(x.rank())) {
            if (x.shape().isBatch(a)) {
                throw new IrException(op + ": cannot normalise over the symbolic batch dimension");
            }
        }
        for (TensorType p : inputs.subList(1, inputs.size())) {
            Infer.sameDtype(op, x, p);
            if (!Infer.broadcast(op, x.shape(), p.shape()).equals(x.shape())) {
                throw new IrException(op + ": parameter " + p + " does not broadcast to " + x);
            }
        }
        return Infer.one(x);
    }
}
