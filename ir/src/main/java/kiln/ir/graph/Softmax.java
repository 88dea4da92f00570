package kiln.ir.graph;

import java.util.List;

/** {@code exp(x - max) / sum(exp(x - max))} along one axis. */
public record Softmax(int axis) implements Op {
    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Infer.requireFloat(name(), x);
        int a = x.shape().axis(axis, name());
        if (x.shape().isBatch(a)) {
            throw new IrException(name() + ": cannot take a softmax over the symbolic batch dimension");
        }
        return Infer.one(x);
    }
}
