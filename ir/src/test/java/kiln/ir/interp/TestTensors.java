package kiln.ir.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Op;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** Small builders and checks shared by the interpreter tests. */
final class TestTensors {
    private TestTensors() {
    }

    static int[] shape(int... dims) {
        return dims;
    }

    static Tensor f32(int[] shape, double... v) {
        return Tensor.of(DType.F32, shape, v);
    }

    static Tensor f64(int[] shape, double... v) {
        return Tensor.of(DType.F64, shape, v);
    }

    static Tensor i64(int[] shape, long... v) {
        return Tensor.ofLongs(shape, v);
    }

    static Tensor i32(int[] shape, int... v) {
        return Tensor.ofInts(shape, v);
    }

    /** A c64 tensor from interleaved (re, im) pairs. */
    static Tensor c64(int[] shape, double... reIm) {
        return Tensor.of(DType.C64, shape, reIm);
    }

    /** 1, 2, 3, ... in the given dtype and shape. */
    static Tensor iota(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setDouble(i, i + 1);
        }
        return t;
    }

    /** The single result of {@code op} on the given inputs. */
    static Tensor eval(Op op, Tensor... inputs) {
        List<Tensor> out = ReferenceInterpreter.evaluate(op, List.of(inputs));
        assertEquals(1, out.size(), "number of results");
        return out.getFirst();
    }

    /**
     * Checks shape and values to the precision of the dtype (f32: 1e-6 relative, otherwise 1e-13), NaN
     * matching NaN; ±0 compare equal (use {@link #assertBits} where the sign of zero matters).
     */
    static void assertValues(Tensor t, int[] shape, double... expected) {
        double tol = t.dtype() == DType.F32 || t.dtype() == DType.C64 ? 1e-6 : 1e-13;
        assertClose(t, shape, tol, expected);
    }

    /** Checks shape and values within {@code tol}, relative to max(1, |expected|). */
    static void assertClose(Tensor t, int[] shape, double tol, double... expected) {
        assertArrayEquals(shape, t.shape(), () -> "shape of " + t);
        assertEquals(expected.length, t.size(), "element count");
        for (int i = 0; i < expected.length; i++) {
            double a = t.getDouble(i);
            double e = expected[i];
            int at = i;
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertEquals(e, a, () -> "element " + at + " of " + Arrays.toString(t.toDoubleArray()));
            } else {
                assertTrue(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)),
                        () -> "element " + at + ": expected " + e + " but was " + a + " in "
                                + Arrays.toString(t.toDoubleArray()));
            }
        }
    }

    /** Checks exact equality of every element, telling -0 from +0 and matching NaN with NaN. */
    static void assertBits(Tensor t, int[] shape, double... expected) {
        assertArrayEquals(shape, t.shape(), () -> "shape of " + t);
        double[] actual = t.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.valueOf(expected[i]), Double.valueOf(actual[i]), "element " + i + " of "
                    + Arrays.toString(actual));
        }
        assertEquals(expected.length, actual.length, "element count");
    }

    static void assertLongs(Tensor t, int[] shape, long... expected) {
        assertArrayEquals(shape, t.shape(), () -> "shape of " + t);
        assertArrayEquals(expected, t.toLongArray(), () -> "elements of " + t);
    }

    /** Checks a c64 tensor against interleaved (re, im) pairs within {@code tol} (relative to max(1, |x|)). */
    static void assertComplex(Tensor t, int[] shape, double tol, double... reIm) {
        assertEquals(DType.C64, t.dtype());
        assertArrayEquals(shape, t.shape(), () -> "shape of " + t);
        assertEquals(reIm.length / 2, t.size(), "element count");
        for (int i = 0; i < reIm.length / 2; i++) {
            int at = i;
            double re = t.getReal(i);
            double im = t.getImag(i);
            assertTrue(Math.abs(re - reIm[2 * i]) <= tol * Math.max(1, Math.abs(reIm[2 * i]))
                    && Math.abs(im - reIm[2 * i + 1]) <= tol * Math.max(1, Math.abs(reIm[2 * i + 1])),
                    () -> "element " + at + ": expected " + reIm[2 * at] + (reIm[2 * at + 1] < 0 ? "" : "+")
                            + reIm[2 * at + 1] + "i but was " + re + (im < 0 ? "" : "+") + im + "i");
        }
    }
}
