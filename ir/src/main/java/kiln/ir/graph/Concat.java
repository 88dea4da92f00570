package kiln.ir.graph;

import java.util.List;

/** Joins tensors along {@code axis}; all other dimensions must agree. */
public record Concat(int axis) implements Op {
    @Override
    public String name() {
        return "concat";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, Integer.MAX_VALUE);
        TensorType first = inputs.getFirst();
        int a = first.shape().axis(axis, op);
        long total = 0;
        for (TensorType t : inputs) {
            Infer.sameDtype(op, first, t);
            if (t.rank() != first.rank()) {
                throw new IrException(op + ": ranks differ: " + first + " and " + t);
            }
            for (int i = 0; i < t.rank(); i++) {
                if (i != a && t.dim(i) != first.dim(i)) {
                    throw new IrException(op + ": " + first + " and " + t + " differ outside axis " + a);
                }
            }
            if (t.shape().isBatch(a)) {
                throw new IrException(op + ": cannot concatenate along the symbolic batch dimension");
            }
            total += t.dim(a);
        }
        return Infer.one(first.withShape(first.shape().withDim(a, Infer.toInt(op, total))));
    }
}
