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
import static org.junit.jupiter.api.Assertions.assertTrue;

import kiln.ir.graph.Cast;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Casts between every kind of dtype, with their rounding, saturation and wrap-around rules. */
@Covers(Cast.class)
class CastEvalTest {
    @Test
    void floatToIntegerTruncatesSaturatesAndWraps() {
        Tensor x = f32(shape(6), 1.7, -1.7, Double.NaN, 3e9, -3e9, Double.POSITIVE_INFINITY);
        Tensor i = eval(new Cast(DType.I32), x);
        assertEquals(DType.I32, i.dtype());
        assertLongs(i, shape(6), 1, -1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertLongs(eval(new Cast(DType.I64), f64(shape(3), 1e19, -1e19, -0.9)), shape(3), Long.MAX_VALUE,
                Long.MIN_VALUE, 0);
        // i8 wraps: 300 → 44, -129 → 127, 255.9 → 255 → -1.
        assertLongs(eval(new Cast(DType.I8), f64(shape(3), 300, -129, 255.9)), shape(3), 44, 127, -1);
    }

    @Test
    void integerToIntegerWraps() {
        assertLongs(eval(new Cast(DType.I32), i64(shape(2), (1L << 32) + 5, -1)), shape(2), 5, -1);
        assertLongs(eval(new Cast(DType.I8), i32(shape(2), 200, -200)), shape(2), -56, 56);
        assertLongs(eval(new Cast(DType.I64), Tensor.of(DType.I8, shape(2), -128, 127)), shape(2), -128, 127);
    }

    @Test
    void i64RoundsOnceToF32() {
        // 2⁶² + 2³⁸ + 1 is just above halfway between two floats; via a double it would land exactly on the
        // midpoint and round down to even.
        long v = (1L << 62) + (1L << 38) + 1;
        Tensor f = eval(new Cast(DType.F32), i64(shape(1), v));
        assertEquals((float) v, f.getFloat(0));
        assertEquals(4611686568183201792.0f, f.getFloat(0));
        assertTrue(f.getFloat(0) != (float) (double) v);
        assertComplex(eval(new Cast(DType.C64), i64(shape(1), v)), shape(1), 0, 4611686568183201792.0, 0);
        assertEquals(9007199254740993.0, eval(new Cast(DType.F64), i64(shape(1), 9007199254740993L)).getDouble(0));
    }

    @Test
    void floatToFloatRoundsToNearest() {
        Tensor f = eval(new Cast(DType.F32), f64(shape(3), 0.1, 1e40, -1e-50));
        assertBits(f, shape(3), (float) 0.1, Double.POSITIVE_INFINITY, -0.0);
        assertBits(eval(new Cast(DType.F64), f32(shape(2), 0.1, Double.NaN)), shape(2), (double) (float) 0.1,
                Double.NaN);
    }

    @Test
    void boolIsNonZero() {
        Tensor b = eval(new Cast(DType.BOOL), f32(shape(5), 0, -0.0, Double.NaN, 2, -0.5));
        assertEquals(DType.BOOL, b.dtype());
        assertLongs(b, shape(5), 0, 0, 1, 1, 1);
        assertLongs(eval(new Cast(DType.BOOL), i64(shape(3), 0, 256, -1)), shape(3), 0, 1, 1);
        assertBits(eval(new Cast(DType.F32), b), shape(5), 0, 0, 1, 1, 1);
        assertLongs(eval(new Cast(DType.I32), b), shape(5), 0, 0, 1, 1, 1);
    }

    @Test
    void realToComplexAndComplexToComplex() {
        assertComplex(eval(new Cast(DType.C64), f32(shape(2), 1.5, -2)), shape(2), 0, 1.5, 0, -2, 0);
        Tensor z = c64(shape(1), 1, 2);
        Tensor same = eval(new Cast(DType.C64), z);
        assertTrue(same.contentEquals(z));
    }

    @Test
    void castToOwnTypeIsIdentity() {
        Tensor x = i64(shape(2), Long.MAX_VALUE, 9007199254740993L);
        assertTrue(eval(new Cast(DType.I64), x).contentEquals(x));
        Tensor y = f32(shape(0, 2));
        assertTrue(eval(new Cast(DType.F32), y).contentEquals(y));
    }
}
