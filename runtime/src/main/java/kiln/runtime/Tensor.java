package kiln.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense tensor: a dtype, a concrete shape and its elements in C order, little-endian, in a
 * {@link MemorySegment}. The segment may live on the heap, off the heap or in a memory-mapped file;
 * a tensor never copies it unless asked to.
 *
 * <p>Element accessors convert between the stored dtype and {@code double}/{@code long}: they are meant for
 * I/O, tests and the reference interpreter, not for kernels.
 */
public final class Tensor {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final DType dtype;
    private final int[] shape;
    private final long size;
    private final MemorySegment data;

    private Tensor(DType dtype, int[] shape, MemorySegment data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.size = elementCount(this.shape);
        this.data = data;
        long expected = size * dtype.byteSize();
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor " + dtype + Arrays.toString(shape) + " needs " + expected
                    + " bytes, the data has " + data.byteSize());
        }
    }

    /** Wraps existing little-endian C-order data without copying it. */
    public static Tensor wrap(DType dtype, int[] shape, MemorySegment data) {
        return new Tensor(dtype, shape, data);
    }

    /** A new zero-filled tensor on the heap. f32 and c64 tensors are backed by a {@code float[]}. */
    public static Tensor zeros(DType dtype, int... shape) {
        long n = elementCount(shape);
        if (n * dtype.byteSize() > Integer.MAX_VALUE * 4L) {
            return new Tensor(dtype, shape, Arena.ofAuto().allocate(n * dtype.byteSize(), 8));
        }
        MemorySegment seg = switch (dtype) {
            case F32 -> MemorySegment.ofArray(new float[Math.toIntExact(n)]);
            case C64 -> MemorySegment.ofArray(new float[Math.toIntExact(2 * n)]);
            case F64 -> MemorySegment.ofArray(new double[Math.toIntExact(n)]);
            case I64 -> MemorySegment.ofArray(new long[Math.toIntExact(n)]);
            case I32 -> MemorySegment.ofArray(new int[Math.toIntExact(n)]);
            case I8, BOOL -> MemorySegment.ofArray(new byte[Math.toIntExact(n)]);
        };
        return new Tensor(dtype, shape, seg);
    }

    public static Tensor ofFloats(int[] shape, float... values) {
        Tensor t = zeros(DType.F32, shape);
        checkCount(t, values.length);
        MemorySegment.copy(values, 0, t.data, F32, 0, values.length);
        return t;
    }

    public static Tensor ofDoubles(int[] shape, double... values) {
        Tensor t = zeros(DType.F64, shape);
        checkCount(t, values.length);
        MemorySegment.copy(values, 0, t.data, F64, 0, values.length);
        return t;
    }

    public static Tensor ofLongs(int[] shape, long... values) {
        Tensor t = zeros(DType.I64, shape);
        checkCount(t, values.length);
        MemorySegment.copy(values, 0, t.data, I64, 0, values.length);
        return t;
    }

    public static Tensor ofInts(int[] shape, int... values) {
        Tensor t = zeros(DType.I32, shape);
        checkCount(t, values.length);
        MemorySegment.copy(values, 0, t.data, I32, 0, values.length);
        return t;
    }

    /** A tensor of the given dtype whose elements are the given values, converted as by {@link #setDouble}. */
    public static Tensor of(DType dtype, int[] shape, double... values) {
        Tensor t = zeros(dtype, shape);
        checkCount(t, dtype.isComplex() ? values.length / 2 : values.length);
        if (dtype.isComplex()) {
            for (int i = 0; i < values.length / 2; i++) {
                t.setComplex(i, values[2 * i], values[2 * i + 1]);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                t.setDouble(i, values[i]);
            }
        }
        return t;
    }

    private static void checkCount(Tensor t, int given) {
        if (given != t.size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(t.shape) + " has " + t.size
                    + " elements, " + given + " values given");
        }
    }

    /** Number of elements of a shape; throws on negative dimensions or overflow. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (a complex element counts once). */
    public long size() {
        return size;
    }

    /** The underlying little-endian data. */
    public MemorySegment data() {
        return data;
    }

    public boolean isReadOnly() {
        return data.isReadOnly();
    }

    /** The same tensor over a read-only view of its data. */
    public Tensor asReadOnly() {
        return data.isReadOnly() ? this : new Tensor(dtype, shape, data.asReadOnly());
    }

    /** The same data seen with another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        if (elementCount(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape, data);
    }

    /** A deep copy on the heap. */
    public Tensor copy() {
        Tensor t = zeros(dtype, shape);
        MemorySegment.copy(data, 0, t.data, 0, data.byteSize());
        return t;
    }

    /** Element {@code i} (flat C-order index) as a double; complex tensors give the real part. */
    public double getDouble(long i) {
        return switch (dtype) {
            case F32 -> data.getAtIndex(F32, i);
            case F64 -> data.getAtIndex(F64, i);
            case I64 -> data.getAtIndex(I64, i);
            case I32 -> data.getAtIndex(I32, i);
            case I8 -> data.get(ValueLayout.JAVA_BYTE, i);
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
            case C64 -> data.getAtIndex(F32, 2 * i);
        };
    }

    /**
     * Stores {@code v} at flat index {@code i}, rounded to the dtype: floats round to nearest, integers
     * truncate toward zero with Java's saturating conversion (i8 wraps), bool is {@code v != 0}.
     */
    public void setDouble(long i, double v) {
        switch (dtype) {
            case F32 -> data.setAtIndex(F32, i, (float) v);
            case F64 -> data.setAtIndex(F64, i, v);
            case I64 -> data.setAtIndex(I64, i, (long) v);
            case I32 -> data.setAtIndex(I32, i, (int) v);
            case I8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) (long) v);
            case BOOL -> data.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
            case C64 -> setComplex(i, v, 0);
        }
    }

    /** Element {@code i} as a long (exact for integer dtypes). */
    public long getLong(long i) {
        return switch (dtype) {
            case I64 -> data.getAtIndex(I64, i);
            case I32 -> data.getAtIndex(I32, i);
            case I8 -> data.get(ValueLayout.JAVA_BYTE, i);
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
            case F32, F64, C64 -> (long) getDouble(i);
        };
    }

    /** Stores an integer exactly (integer dtypes) or converted (others). */
    public void setLong(long i, long v) {
        switch (dtype) {
            case I64 -> data.setAtIndex(I64, i, v);
            case I32 -> data.setAtIndex(I32, i, (int) v);
            case I8 -> data.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case BOOL -> data.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
            case F32, F64, C64 -> setDouble(i, v);
        }
    }

    public float getFloat(long i) {
        return dtype == DType.F32 ? data.getAtIndex(F32, i) : (float) getDouble(i);
    }

    /** Real part of complex element {@code i}; for real tensors the element itself. */
    public double getReal(long i) {
        return getDouble(i);
    }

    /** Imaginary part of complex element {@code i}; 0 for real tensors. */
    public double getImag(long i) {
        return dtype == DType.C64 ? data.getAtIndex(F32, 2 * i + 1) : 0;
    }

    public void setComplex(long i, double re, double im) {
        if (dtype != DType.C64) {
            throw new IllegalStateException("setComplex on a " + dtype + " tensor");
        }
        data.setAtIndex(F32, 2 * i, (float) re);
        data.setAtIndex(F32, 2 * i + 1, (float) im);
    }

    public float[] toFloatArray() {
        if (dtype == DType.F32) {
            return data.toArray(F32);
        }
        float[] out = new float[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** True when dtype, shape and every byte agree. */
    public boolean contentEquals(Tensor other) {
        return dtype == other.dtype && Arrays.equals(shape, other.shape)
                && data.mismatch(other.data) == -1;
    }

    /** Shape and dtype in Kiln's notation, e.g. {@code f32[1, 3, 8, 8]}. */
    public String typeString() {
        StringBuilder sb = new StringBuilder(dtype.text()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return "Tensor(" + typeString() + ")";
    }
}
