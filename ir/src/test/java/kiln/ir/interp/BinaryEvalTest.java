package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.IrException;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Binary functions: values, numpy broadcasting, integer exactness and errors, complex arithmetic. */
@Covers(Binary.class)
class BinaryEvalTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static Binary op(BinaryFn fn) {
        return new Binary(fn);
    }

    @Test
    void sameShape() {
        Tensor a = f32(shape(2, 2), 1, 2, 3, 4);
        Tensor b = f32(shape(2, 2), 10, 20, 30, 40);
        assertValues(eval(op(BinaryFn.ADD), a, b), shape(2, 2), 11, 22, 33, 44);
        assertValues(eval(op(BinaryFn.SUB), a, b), shape(2, 2), -9, -18, -27, -36);
        assertValues(eval(op(BinaryFn.MUL), a, b), shape(2, 2), 10, 40, 90, 160);
        assertValues(eval(op(BinaryFn.DIV), a, b), shape(2, 2), 0.1, 0.1, 0.1, 0.1);
        assertValues(eval(op(BinaryFn.POW), a, f32(shape(2, 2), 10, 0.5, -1, 0)), shape(2, 2), 1, Math.sqrt(2),
                1.0 / 3, 1);
        assertValues(eval(op(BinaryFn.MAX), a, f32(shape(2, 2), 0, 5, 3, -1)), shape(2, 2), 1, 5, 3, 4);
        assertValues(eval(op(BinaryFn.MIN), a, f32(shape(2, 2), 0, 5, 3, -1)), shape(2, 2), 0, 2, 3, -1);
    }

    @Test
    void broadcastsScalarRowColumnAndRank() {
        Tensor m = f64(shape(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(eval(op(BinaryFn.ADD), m, f64(shape(), 10)), shape(2, 3), 11, 12, 13, 14, 15, 16);
        assertValues(eval(op(BinaryFn.SUB), f64(shape(), 10), m), shape(2, 3), 9, 8, 7, 6, 5, 4);
        assertValues(eval(op(BinaryFn.MUL), m, f64(shape(3), 1, 10, 100)), shape(2, 3), 1, 20, 300, 4, 50, 600);
        assertValues(eval(op(BinaryFn.ADD), m, f64(shape(2, 1), 100, 200)), shape(2, 3), 101, 102, 103, 204, 205,
                206);
        // [2, 1] against [1, 3] is an outer sum.
        assertValues(eval(op(BinaryFn.ADD), f64(shape(2, 1), 10, 20), f64(shape(1, 3), 1, 2, 3)), shape(2, 3), 11,
                12, 13, 21, 22, 23);
        // Rank mismatch: [2, 1, 3] + [4, 1] → [2, 4, 3].
        Tensor a = f64(shape(2, 1, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = f64(shape(4, 1), 0, 10, 20, 30);
        Tensor r = eval(op(BinaryFn.ADD), a, b);
        double[] want = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    want[(i * 4 + j) * 3 + k] = (i * 3 + k + 1) + 10 * j;
                }
            }
        }
        assertValues(r, shape(2, 4, 3), want);
    }

    @Test
    void broadcastsWithEmptyAndSizeOneAxes() {
        assertValues(eval(op(BinaryFn.ADD), f32(shape(0, 3)), f32(shape(3), 1, 2, 3)), shape(0, 3));
        assertValues(eval(op(BinaryFn.ADD), f32(shape(2, 0)), f32(shape(2, 1), 1, 2)), shape(2, 0));
        assertValues(eval(op(BinaryFn.MUL), f32(shape(1, 1), 3), f32(shape(1), 4)), shape(1, 1), 12);
    }

    @Test
    void floatSpecialValues() {
        Tensor r = eval(op(BinaryFn.DIV), f64(shape(4), 1, -1, 0, 1), f64(shape(4), 0, 0, 0, -0.0));
        assertBits(r, shape(4), INF, -INF, NAN, -INF);
        // max and min propagate NaN and order -0 below +0.
        assertBits(eval(op(BinaryFn.MAX), f64(shape(4), NAN, 1, -0.0, 0.0), f64(shape(4), 1, NAN, 0.0, -0.0)),
                shape(4), NAN, NAN, 0.0, 0.0);
        assertBits(eval(op(BinaryFn.MIN), f64(shape(4), NAN, 1, -0.0, 0.0), f64(shape(4), 1, NAN, 0.0, -0.0)),
                shape(4), NAN, NAN, -0.0, -0.0);
        assertBits(eval(op(BinaryFn.MAX), f32(shape(2), -INF, INF), f32(shape(2), 0, 0)), shape(2), 0, INF);
    }

    @Test
    void powFollowsC99() {
        Tensor base = f64(shape(7), 1, -1, NAN, -8, 2, 0, -2);
        Tensor exp = f64(shape(7), NAN, INF, 0, 1.0 / 3, -1, -1, 3);
        assertBits(eval(op(BinaryFn.POW), base, exp), shape(7), 1, 1, 1, NAN, 0.5, INF, -8);
    }

    @Test
    void integerArithmeticIsExactAndWraps() {
        long big = 9007199254740993L;
        assertLongs(eval(op(BinaryFn.ADD), i64(shape(2), big, Long.MAX_VALUE), i64(shape(2), 2, 1)), shape(2),
                big + 2, Long.MIN_VALUE);
        assertLongs(eval(op(BinaryFn.ADD), i32(shape(1), Integer.MAX_VALUE), i32(shape(1), 1)), shape(1),
                Integer.MIN_VALUE);
        Tensor i8 = eval(op(BinaryFn.ADD), Tensor.of(DType.I8, shape(1), 127), Tensor.of(DType.I8, shape(1), 1));
        assertLongs(i8, shape(1), -128);
        assertLongs(eval(op(BinaryFn.MUL), i64(shape(1), 3037000499L), i64(shape(1), 3037000499L)), shape(1),
                9223372030926249001L);
        assertLongs(eval(op(BinaryFn.SUB), i64(shape(2), 5, -5), i64(shape(), 7)), shape(2), -2, -12);
        assertLongs(eval(op(BinaryFn.MAX), i32(shape(3), 1, -5, 7), i32(shape(3), 2, -6, 7)), shape(3), 2, -5, 7);
        assertLongs(eval(op(BinaryFn.MIN), i32(shape(3), 1, -5, 7), i32(shape(3), 2, -6, 7)), shape(3), 1, -6, 7);
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        assertLongs(eval(op(BinaryFn.DIV), i64(shape(4), 7, -7, 7, -7), i64(shape(4), 2, 2, -2, -2)), shape(4), 3, -3,
                -3, 3);
        assertLongs(eval(op(BinaryFn.DIV), i32(shape(1), Integer.MIN_VALUE), i32(shape(1), -1)), shape(1),
                Integer.MIN_VALUE);
        IrException e = assertThrows(IrException.class,
                () -> eval(op(BinaryFn.DIV), i64(shape(2), 1, 2), i64(shape(2), 1, 0)));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void integerPowerIsExact() {
        assertLongs(eval(op(BinaryFn.POW), i64(shape(6), 3, 2, -2, 0, 7, 2), i64(shape(6), 4, 62, 3, 0, 0, 64)),
                shape(6), 81, 1L << 62, -8, 1, 1, 0);
        assertLongs(eval(op(BinaryFn.POW), i64(shape(1), 3), i64(shape(1), 39)), shape(1), 4052555153018976267L);
        IrException e = assertThrows(IrException.class,
                () -> eval(op(BinaryFn.POW), i32(shape(1), 2), i32(shape(1), -1)));
        assertTrue(e.getMessage().contains("negative power"), e.getMessage());
    }

    @Test
    void complexArithmetic() {
        Tensor a = c64(shape(1), 1, 2);
        Tensor b = c64(shape(1), 3, 4);
        assertComplex(eval(op(BinaryFn.ADD), a, b), shape(1), 0, 4, 6);
        assertComplex(eval(op(BinaryFn.SUB), a, b), shape(1), 0, -2, -2);
        assertComplex(eval(op(BinaryFn.MUL), a, b), shape(1), 0, -5, 10);
        assertComplex(eval(op(BinaryFn.DIV), a, b), shape(1), 1e-7, 0.44, 0.08);
        // A c64 row broadcast against a column.
        Tensor col = c64(shape(2, 1), 1, 0, 0, 1);
        Tensor row = c64(shape(2), 2, 0, 0, 2);
        assertComplex(eval(op(BinaryFn.MUL), col, row), shape(2, 2), 0, 2, 0, 0, 2, 0, 2, -2, 0);
    }
}
