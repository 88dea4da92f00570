package kiln.ir.graph;

import java.util.List;

/** Inserts size-1 axes; {@code axes} are positions in the output. */
public record Unsqueeze(List<Integer> axes) implements Op {
    public Unsqueeze {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IrException("unsqueeze: needs at least one axis");
        }
    }

    @Override
    public String name() {
        return "unsqueeze";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        int rank = x.rank() + axes.size();
        List<Integer> inserted = Infer.axes(name(), axes, rank);
        int[] dims = new int[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) {
            dims[i] = inserted.contains(i) ? 1 : x.dim(next++);
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
