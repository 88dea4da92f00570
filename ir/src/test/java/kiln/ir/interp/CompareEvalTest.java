package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Comparisons (IEEE 754 on floats, exact on integers) and where (bits copied, three-way broadcasting). */
@Covers({Compare.class, Where.class})
class CompareEvalTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static Tensor compare(CompareFn fn, Tensor a, Tensor b) {
        return eval(new Compare(fn), a, b);
    }

    private static Tensor bools(int[] shape, long... v) {
        Tensor t = Tensor.zeros(DType.BOOL, shape);
        for (int i = 0; i < v.length; i++) {
            t.setLong(i, v[i]);
        }
        return t;
    }

    @Test
    void everyFunctionOnOrdinaryValues() {
        Tensor a = f32(shape(3), 1, 2, 3);
        Tensor b = f32(shape(3), 2, 2, 2);
        assertLongs(compare(CompareFn.EQUAL, a, b), shape(3), 0, 1, 0);
        assertLongs(compare(CompareFn.NOT_EQUAL, a, b), shape(3), 1, 0, 1);
        assertLongs(compare(CompareFn.LESS, a, b), shape(3), 1, 0, 0);
        assertLongs(compare(CompareFn.LESS_EQUAL, a, b), shape(3), 1, 1, 0);
        assertLongs(compare(CompareFn.GREATER, a, b), shape(3), 0, 0, 1);
        assertLongs(compare(CompareFn.GREATER_EQUAL, a, b), shape(3), 0, 1, 1);
        assertEquals(DType.BOOL, compare(CompareFn.LESS, a, b).dtype());
    }

    /** NaN is unordered: every comparison with it is false, not-equal true; -0 equals +0; infinities order. */
    @Test
    void nanSignedZeroAndInfinity() {
        Tensor a = f64(shape(5), NAN, NAN, -0.0, -INF, INF);
        Tensor b = f64(shape(5), NAN, 1, 0.0, -INF, 1e308);
        assertLongs(compare(CompareFn.EQUAL, a, b), shape(5), 0, 0, 1, 1, 0);
        assertLongs(compare(CompareFn.NOT_EQUAL, a, b), shape(5), 1, 1, 0, 0, 1);
        assertLongs(compare(CompareFn.LESS, a, b), shape(5), 0, 0, 0, 0, 0);
        assertLongs(compare(CompareFn.LESS_EQUAL, a, b), shape(5), 0, 0, 1, 1, 0);
        assertLongs(compare(CompareFn.GREATER, a, b), shape(5), 0, 0, 0, 0, 1);
        assertLongs(compare(CompareFn.GREATER_EQUAL, a, b), shape(5), 0, 0, 1, 1, 1);
    }

    /** 2⁵³ and 2⁵³ + 1 are one double; as i64 they must still differ. */
    @Test
    void integersCompareExactly() {
        long big = 1L << 53;
        Tensor a = i64(shape(3), big + 1, Long.MIN_VALUE, Long.MAX_VALUE);
        Tensor b = i64(shape(3), big, Long.MIN_VALUE, Long.MAX_VALUE - 1);
        assertLongs(compare(CompareFn.EQUAL, a, b), shape(3), 0, 1, 0);
        assertLongs(compare(CompareFn.GREATER, a, b), shape(3), 1, 0, 1);
        assertLongs(compare(CompareFn.LESS_EQUAL, i32(shape(2), -5, 7), i32(shape(2), -5, 6)), shape(2), 1, 0);
    }

    @Test
    void boolsCompareForEquality() {
        Tensor a = bools(shape(4), 0, 0, 1, 1);
        Tensor b = bools(shape(4), 0, 1, 0, 1);
        assertLongs(compare(CompareFn.EQUAL, a, b), shape(4), 1, 0, 0, 1);
        assertLongs(compare(CompareFn.NOT_EQUAL, a, b), shape(4), 0, 1, 1, 0);
        IrException e = assertThrows(IrException.class, () -> compare(CompareFn.LESS, a, b));
        assertTrue(e.getMessage().contains("less: does not accept bool"), e.getMessage());
    }

    @Test
    void broadcastsLikeNumpy() {
        // [2, 1] against [3]: an outer comparison, as ONNX's test_less_bcast does with [3, 4, 5] and [5].
        Tensor col = f32(shape(2, 1), 1, 3);
        Tensor row = f32(shape(3), 0, 2, 4);
        assertLongs(compare(CompareFn.LESS, col, row), shape(2, 3), 0, 1, 1, 0, 0, 1);
        assertLongs(compare(CompareFn.EQUAL, f32(shape(), 2), row), shape(3), 0, 1, 0);
        assertLongs(compare(CompareFn.EQUAL, f32(shape(0, 3)), row), shape(0, 3));
    }

    @Test
    void refusesMixedAndComplexOperands() {
        IrException mixed = assertThrows(IrException.class, () -> compare(CompareFn.EQUAL, f32(shape(1), 1),
                i64(shape(1), 1)));
        assertTrue(mixed.getMessage().contains("element types differ"), mixed.getMessage());
        assertThrows(IrException.class, () -> compare(CompareFn.EQUAL, c64(shape(1), 1, 0), c64(shape(1), 1, 0)));
        assertThrows(IrException.class, () -> compare(CompareFn.LESS, f32(shape(2), 1, 2), f32(shape(3), 1, 2, 3)));
    }

    @Test
    void whereSelectsAndBroadcastsAllThree() {
        // ONNX's test_where_example: cond [[1, 0], [1, 1]], x [[1, 2], [3, 4]], y [[9, 8], [7, 6]].
        Tensor r = eval(new Where(), bools(shape(2, 2), 1, 0, 1, 1), f32(shape(2, 2), 1, 2, 3, 4),
                f32(shape(2, 2), 9, 8, 7, 6));
        assertBits(r, shape(2, 2), 1, 8, 3, 4);
        // cond [2, 1, 1], x [3], y [] → [2, 1, 3].
        Tensor b = eval(new Where(), bools(shape(2, 1, 1), 1, 0), i64(shape(3), 1, 2, 3), i64(shape(), -1));
        assertLongs(b, shape(2, 1, 3), 1, 2, 3, -1, -1, -1);
    }

    /** Bits are copied: NaN payloads and -0 survive, i64 beyond 2⁵³ too, c64 as a whole. */
    @Test
    void whereCopiesBits() {
        float payload = Float.intBitsToFloat(0x7fc01234);
        Tensor x = Tensor.ofFloats(shape(3), payload, -0.0f, 1f);
        Tensor y = Tensor.ofFloats(shape(3), 5f, 5f, -0.0f);
        Tensor r = eval(new Where(), bools(shape(3), 1, 1, 0), x, y);
        assertEquals(0x7fc01234, Float.floatToRawIntBits(r.data().getAtIndex(
                java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 0)));
        assertBits(r, shape(3), Float.intBitsToFloat(0x7fc01234), -0.0, -0.0);
        long big = (1L << 53) + 1;
        assertLongs(eval(new Where(), bools(shape(2), 0, 1), i64(shape(2), big, big), i64(shape(1), 0)), shape(2), 0,
                big);
        assertComplex(eval(new Where(), bools(shape(2), 1, 0), c64(shape(2), 1, 2, 3, 4), c64(shape(), -1, -2)),
                shape(2), 0, 1, 2, -1, -2);
    }

    @Test
    void whereRefusesBadTypes() {
        IrException notBool = assertThrows(IrException.class, () -> eval(new Where(), f32(shape(1), 1),
                f32(shape(1), 1), f32(shape(1), 2)));
        assertTrue(notBool.getMessage().contains("condition must be bool"), notBool.getMessage());
        IrException mixed = assertThrows(IrException.class, () -> eval(new Where(), bools(shape(1), 1),
                f32(shape(1), 1), f64(shape(1), 2)));
        assertTrue(mixed.getMessage().contains("element types differ"), mixed.getMessage());
        assertThrows(IrException.class, () -> eval(new Where(), bools(shape(2), 1, 0), f32(shape(3), 1, 2, 3),
                f32(shape(1), 0)));
    }
}
