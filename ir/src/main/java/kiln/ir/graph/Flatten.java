package kiln.ir.graph;

import java.util.List;

/** Collapses {@code x} into a matrix: axes before {@code axis} form the rows, the rest the columns. */
public record Flatten(int axis) implements Op {
    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        int a = axis < 0 ? axis + x.rank() : axis;
        if (a < 0 || a > x.rank()) {
            throw new IrException(name() + ": axis " + axis + " is out of range for rank " + x.rank());
        }
        return Infer.one(x.withShape(Shape.of(product(x.shape(), 0, a), product(x.shape(), a, x.rank()))));
    }

    private int product(Shape s, int from, int to) {
        long n = 1;
        boolean batch = false;
        for (int i = from; i < to; i++) {
            if (s.isBatch(i)) {
                batch = true;
            } else {
                n *= s.dim(i);
            }
        }
        if (batch && n != 1) {
            throw new IrException(name() + ": cannot merge the symbolic batch dimension with others in " + s);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IrException(name() + ": dimension too large in " + s);
        }
        return batch ? Shape.BATCH : (int) n;
    }
}
