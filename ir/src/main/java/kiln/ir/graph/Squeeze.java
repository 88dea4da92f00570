package kiln.ir.graph;

import java.util.List;

/** Removes size-1 axes: the given ones, or every size-1 axis when {@code axes} is empty. */
public record Squeeze(List<Integer> axes) implements Op {
    public Squeeze {
        axes = List.copyOf(axes);
    }

    @Override
    public String name() {
        return "squeeze";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        List<Integer> removed = Infer.axes(name(), axes, x.rank());
        int[] dims = new int[x.rank()];
        int n = 0;
        for (int i = 0; i < x.rank(); i++) {
            boolean drop = axes.isEmpty() ? x.dim(i) == 1 : removed.contains(i);
            if (drop && x.dim(i) != 1) {
                throw new IrException(name() + ": axis " + i + " of " + x + " is not of size 1");
            }
            if (!drop) {
                dims[n++] = x.dim(i);
            }
        }
        return Infer.one(x.withShape(Shape.of(java.util.Arrays.copyOf(dims, n))));
    }
}
