package kiln.ir.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Sum, mean, max or min over {@code axes} (all axes when empty); reduced axes are kept as size 1 with
 * {@code keepDims}. The sum of an empty slice is 0; the mean, max and min of an empty slice are errors.
 */
public record Reduce(ReduceKind kind, List<Integer> axes, boolean keepDims) implements Op {
    public Reduce {
        axes = List.copyOf(axes);
    }

    @Override
    public String name() {
        return "reduce_" + kind.text();
    }

    /** The reduced axes, normalised and sorted, for an input of the given rank. */
    public List<Integer> axesFor(int rank) {
        if (axes.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                all.add(i);
            }
            return all;
        }
        List<Integer> out = new ArrayList<>(Infer.axes(name(), axes, rank));
        out.sort(null);
        return out;
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Infer.requireNumeric(op, x);
        List<Integer> reduced = axesFor(x.rank());
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!reduced.contains(i)) {
                dims.add(x.dim(i));
            } else {
                if (x.dim(i) == 0 && kind != ReduceKind.SUM) {
                    throw new IrException(op + ": cannot reduce over the empty axis " + i + " of " + x);
                }
                if (keepDims) {
                    dims.add(1);
                }
            }
        }
        return Infer.one(x.withShape(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray())));
    }
}
