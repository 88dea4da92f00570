package kiln.ir.graph;

import java.util.List;

/** Permutes the axes: output axis {@code i} is input axis {@code perm[i]}. */
public record Transpose(List<Integer> perm) implements Op {
    public Transpose {
        perm = List.copyOf(perm);
        boolean[] seen = new boolean[perm.size()];
        for (int p : perm) {
            if (p < 0 || p >= perm.size() || seen[p]) {
                throw new IrException("transpose: " + perm + " is not a permutation");
            }
            seen[p] = true;
        }
    }

    @Override
    public String name() {
        return "transpose";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.rank() != perm.size()) {
            throw new IrException(name() + ": permutation " + perm + " does not fit " + x);
        }
        int[] dims = new int[perm.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = x.dim(perm.get(i));
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
