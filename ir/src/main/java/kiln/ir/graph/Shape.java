package kiln.ir.graph;

import java.util.Arrays;

/**
 * A tensor shape: a list of dimensions, each a non-negative size or the symbolic batch size
 * {@link #BATCH} (printed {@code N}). A shape holding {@code N} describes a family of shapes; it becomes
 * concrete with {@link #bindBatch}. Immutable.
 */
public final class Shape {
    /** The symbolic batch dimension. */
    public static final int BATCH = -1;
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0 && d != BATCH) {
                throw new IrException("negative dimension in " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    public boolean isBatch(int axis) {
        return dims[axis] == BATCH;
    }

    /** True when no dimension is symbolic. */
    public boolean isStatic() {
        for (int d : dims) {
            if (d == BATCH) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements; the shape must be static. */
    public long elementCount() {
        if (!isStatic()) {
            throw new IrException("shape " + this + " has a symbolic dimension");
        }
        long n = 1;
        for (int d : dims) {
            n = multiply(n, d);
        }
        return n;
    }

    /** Product of the static dimensions, ignoring symbolic ones. */
    public long staticElementCount() {
        long n = 1;
        for (int d : dims) {
            if (d != BATCH) {
                n = multiply(n, d);
            }
        }
        return n;
    }

    private long multiply(long n, int d) {
        try {
            return Math.multiplyExact(n, d);
        } catch (ArithmeticException e) {
            throw new IrException("shape " + this + " has too many elements");
        }
    }

    /** Number of symbolic dimensions. */
    public int batchCount() {
        int n = 0;
        for (int d : dims) {
            if (d == BATCH) {
                n++;
            }
        }
        return n;
    }

    /** This shape with every {@code N} replaced by {@code batch}. */
    public Shape bindBatch(int batch) {
        if (isStatic()) {
            return this;
        }
        int[] out = dims.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == BATCH) {
                out[i] = batch;
            }
        }
        return new Shape(out);
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape withDim(int axis, int size) {
        int[] out = dims.clone();
        out[axis] = size;
        return Shape.of(out);
    }

    /** Normalises a possibly negative axis against this rank, or throws naming the op. */
    public int axis(int axis, String op) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IrException(op + ": axis " + axis + " is out of range for rank " + dims.length);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [N, 3, 224, 224]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i] == BATCH ? "N" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
