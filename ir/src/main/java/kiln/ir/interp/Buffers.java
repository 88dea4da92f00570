package kiln.ir.interp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Conversions between tensors and the flat Java arrays the evaluators loop over. Reading widens exactly
 * (every f32, i32, i8 and bool value is a double; every integer is a long); writing is where the single
 * rounding to the output dtype happens.
 */
final class Buffers {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Buffers() {
    }

    /** The elements of a real tensor as doubles (bool as 0/1). Exact except for i64 beyond 2⁵³. */
    static double[] doubles(Tensor t) {
        return switch (t.dtype()) {
            case F32 -> {
                float[] f = t.data().toArray(F32);
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                yield d;
            }
            case F64 -> t.data().toArray(F64);
            case I64, I32, I8, BOOL -> {
                long[] l = longs(t);
                double[] d = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    d[i] = l[i];
                }
                yield d;
            }
            case C64 -> throw new IllegalArgumentException("a c64 tensor has no real element array");
        };
    }

    /** The elements of an integer or bool tensor as longs. */
    static long[] longs(Tensor t) {
        return switch (t.dtype()) {
            case I64 -> t.data().toArray(I64);
            case I32 -> {
                int[] v = t.data().toArray(I32);
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = v[i];
                }
                yield l;
            }
            case I8, BOOL -> {
                byte[] v = t.data().toArray(ValueLayout.JAVA_BYTE);
                long[] l = new long[v.length];
                boolean bool = t.dtype() == DType.BOOL;
                for (int i = 0; i < v.length; i++) {
                    l[i] = bool ? (v[i] != 0 ? 1 : 0) : v[i];
                }
                yield l;
            }
            case F32, F64, C64 -> throw new IllegalArgumentException(t.dtype() + " is not an integer type");
        };
    }

    /** The elements of a tensor as interleaved (re, im) doubles; a real tensor gets zero imaginary parts. */
    static double[] complex(Tensor t) {
        if (t.dtype() == DType.C64) {
            float[] f = t.data().toArray(F32);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        double[] re = doubles(t);
        double[] d = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            d[2 * i] = re[i];
        }
        return d;
    }

    /**
     * A tensor holding {@code v} rounded once to {@code dtype}: floats to nearest, integers truncated
     * toward zero (NaN to 0, saturating for i64 and i32, wrapping for i8), bool as {@code != 0}, c64 with
     * zero imaginary parts.
     */
    static Tensor ofDoubles(DType dtype, int[] shape, double[] v) {
        Tensor t = Tensor.zeros(dtype, shape);
        MemorySegment seg = t.data();
        switch (dtype) {
            case F32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                MemorySegment.copy(f, 0, seg, F32, 0, f.length);
            }
            case F64 -> MemorySegment.copy(v, 0, seg, F64, 0, v.length);
            case C64 -> {
                double[] c = new double[2 * v.length];
                for (int i = 0; i < v.length; i++) {
                    c[2 * i] = v[i];
                }
                return ofComplex(shape, c);
            }
            case I64, I32, I8, BOOL -> {
                for (int i = 0; i < v.length; i++) {
                    t.setDouble(i, v[i]);
                }
            }
        }
        return t;
    }

    /** A tensor holding {@code v}: integers wrap to the width of {@code dtype}, bool is {@code != 0}. */
    static Tensor ofLongs(DType dtype, int[] shape, long[] v) {
        Tensor t = Tensor.zeros(dtype, shape);
        if (dtype == DType.I64) {
            MemorySegment.copy(v, 0, t.data(), I64, 0, v.length);
            return t;
        }
        for (int i = 0; i < v.length; i++) {
            t.setLong(i, v[i]);
        }
        return t;
    }

    /** A c64 tensor from interleaved (re, im) doubles, each part rounded to f32. */
    static Tensor ofComplex(int[] shape, double[] c) {
        Tensor t = Tensor.zeros(DType.C64, shape);
        float[] f = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            f[i] = (float) c[i];
        }
        MemorySegment.copy(f, 0, t.data(), F32, 0, f.length);
        return t;
    }

    /**
     * The raw bit pattern of every element, widened to a long. Layout ops move these, so they are exact
     * for every dtype (i64 beyond 2⁵³, NaN payloads, both halves of a c64).
     */
    static long[] bits(Tensor t) {
        MemorySegment seg = t.data();
        return switch (t.dtype().byteSize()) {
            case 1 -> {
                byte[] b = seg.toArray(ValueLayout.JAVA_BYTE);
                long[] l = new long[b.length];
                for (int i = 0; i < b.length; i++) {
                    l[i] = b[i];
                }
                yield l;
            }
            case 4 -> {
                int[] b = seg.toArray(I32);
                long[] l = new long[b.length];
                for (int i = 0; i < b.length; i++) {
                    l[i] = b[i];
                }
                yield l;
            }
            case 8 -> seg.toArray(I64);
            default -> throw new IllegalStateException("unexpected element size of " + t.dtype());
        };
    }

    /** A tensor from raw bit patterns as {@link #bits} gives them. */
    static Tensor ofBits(DType dtype, int[] shape, long[] bits) {
        Tensor t = Tensor.zeros(dtype, shape);
        MemorySegment seg = t.data();
        switch (dtype.byteSize()) {
            case 1 -> {
                for (int i = 0; i < bits.length; i++) {
                    seg.set(ValueLayout.JAVA_BYTE, i, (byte) bits[i]);
                }
            }
            case 4 -> {
                for (int i = 0; i < bits.length; i++) {
                    seg.setAtIndex(I32, i, (int) bits[i]);
                }
            }
            case 8 -> MemorySegment.copy(bits, 0, seg, I64, 0, bits.length);
            default -> throw new IllegalStateException("unexpected element size of " + dtype);
        }
        return t;
    }

    /** The bit pattern of {@code value} stored as one element of {@code dtype} (as {@link Tensor#setDouble}). */
    static long bitsOf(DType dtype, double value) {
        Tensor one = Tensor.zeros(dtype, 1);
        one.setDouble(0, value);
        return bits(one)[0];
    }
}
