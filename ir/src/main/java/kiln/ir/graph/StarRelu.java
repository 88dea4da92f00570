package kiln.ir.graph;

import java.util.List;

/**
 * StarReLU of MetaFormer: {@code scale·relu(x)² + bias}, where {@code scale} and {@code bias} are
 * (usually one-element) tensors that broadcast to {@code x}.
 */
public record StarRelu() implements Op {
    @Override
    public String name() {
        return "star_relu";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 3, 3);
        TensorType x = inputs.getFirst();
        Infer.requireFloat(op, x);
        for (TensorType p : inputs.subList(1, 3)) {
            Infer.sameDtype(op, x, p);
            if (!Infer.broadcast(op, x.shape(), p.shape()).equals(x.shape())) {
                throw new IrException(op + ": parameter " + p + " does not broadcast to " + x);
            }
        }
        return Infer.one(x);
    }
}
