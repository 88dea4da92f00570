package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertClose;
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

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Every unary function on hand-checked values, in f64 (exact expectations) and f32 (rounded once). */
@Covers(Unary.class)
class UnaryEvalTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double E = 2.718281828459045;

    /** fn → {inputs, expected outputs}; expected values come from closed forms or 40-digit arithmetic. */
    private static final Map<UnaryFn, double[][]> REAL = new EnumMap<>(UnaryFn.class);

    static {
        REAL.put(UnaryFn.NEG, new double[][] {{1.5, -0.0, INF, NAN}, {-1.5, 0.0, -INF, NAN}});
        REAL.put(UnaryFn.ABS, new double[][] {{-2, -0.0, -INF, NAN}, {2, 0.0, INF, NAN}});
        REAL.put(UnaryFn.SIGN, new double[][] {{-3, 0.0, -0.0, 2, NAN, -INF}, {-1, 0.0, -0.0, 1, NAN, -1}});
        REAL.put(UnaryFn.EXP, new double[][] {{0, 1, -INF, 1000}, {1, E, 0, INF}});
        REAL.put(UnaryFn.LOG, new double[][] {{1, E, 0, -1, INF}, {0, 1, -INF, NAN, INF}});
        REAL.put(UnaryFn.SQRT, new double[][] {{4, 2, -1, -0.0}, {2, 1.4142135623730951, NAN, -0.0}});
        REAL.put(UnaryFn.RECIPROCAL, new double[][] {{2, 0.0, -0.0, INF}, {0.5, INF, -INF, 0}});
        REAL.put(UnaryFn.FLOOR, new double[][] {{-1.5, 1.5, -0.0, 2}, {-2, 1, -0.0, 2}});
        REAL.put(UnaryFn.CEIL, new double[][] {{-1.5, 1.5, -0.5, 2}, {-1, 2, -0.0, 2}});
        // Half to even, as ONNX Round.
        REAL.put(UnaryFn.ROUND, new double[][] {{0.5, 1.5, 2.5, -0.5, -2.5, 2.4, -2.6}, {0, 2, 2, -0.0, -2, 2, -3}});
        REAL.put(UnaryFn.SIN, new double[][] {{0, Math.PI / 2, -Math.PI / 6}, {0, 1, -0.49999999999999994}});
        REAL.put(UnaryFn.COS, new double[][] {{0, Math.PI, INF}, {1, -1, NAN}});
        REAL.put(UnaryFn.ERF, new double[][] {{0, 1, -2, INF}, {0, 0.8427007929497149, -0.9953222650189527, 1}});
        REAL.put(UnaryFn.TANH, new double[][] {{0, 1, INF, -INF}, {0, 0.7615941559557649, 1, -1}});
        REAL.put(UnaryFn.SIGMOID, new double[][] {{0, 2, -1, INF, -INF, -800},
            {0.5, 0.8807970779778824, 0.2689414213699951, 1, 0, 0}});
        REAL.put(UnaryFn.RELU, new double[][] {{-1, 2, -0.0, NAN, -INF, INF}, {0, 2, 0.0, NAN, 0, INF}});
        // x·Φ(x); the tail must not cancel to 0 (Φ(-10) ≈ 7.6e-24).
        REAL.put(UnaryFn.GELU, new double[][] {{0, 1, -1, 0.5, 3, -3, -10, INF, -INF, NAN},
            {0, 0.8413447460685429, -0.15865525393145705, 0.34573123063700656, 2.99595030590511,
                -0.0040496940948902835, -7.619853024160526e-23, INF, NAN, NAN}});
        REAL.put(UnaryFn.GELU_TANH, new double[][] {{0, 1, -1, 0.5, 3, -3},
            {0, 0.8411919906082767, -0.1588080093917233, 0.34571400982514394, 2.996362607918227,
                -0.003637392081773019}});
        REAL.put(UnaryFn.SILU, new double[][] {{0, 1, -1, 2}, {0, 0.7310585786300049, -0.2689414213699951,
            1.7615941559557649}});
        REAL.put(UnaryFn.HARD_SWISH, new double[][] {{-4, -3, -1, 0, 1, 3, 4},
            {-0.0, -0.0, -1.0 / 3, 0, 2.0 / 3, 3, 4}});
        REAL.put(UnaryFn.SOFTPLUS, new double[][] {{0, 1, 1000, -1000, -INF},
            {0.6931471805599453, 1.3132616875182228, 1000, 0, 0}});
    }

    @Test
    void everyFunctionHasHandCheckedValues() {
        EnumSet<UnaryFn> covered = EnumSet.copyOf(REAL.keySet());
        covered.add(UnaryFn.CONJ);
        assertEquals(EnumSet.allOf(UnaryFn.class), covered, "functions without a test table");
    }

    @Test
    void realFunctionsInDoublePrecision() {
        for (Map.Entry<UnaryFn, double[][]> e : REAL.entrySet()) {
            double[] in = e.getValue()[0];
            double[] expected = e.getValue()[1];
            Tensor out = eval(new Unary(e.getKey()), f64(shape(in.length), in));
            assertEquals(DType.F64, out.dtype());
            assertClose(out, shape(in.length), 4e-16, expected);
        }
    }

    @Test
    void realFunctionsInSinglePrecisionRoundOnce() {
        for (Map.Entry<UnaryFn, double[][]> e : REAL.entrySet()) {
            double[] in = e.getValue()[0];
            double[] expected = e.getValue()[1];
            Tensor out = eval(new Unary(e.getKey()), f32(shape(in.length), in));
            assertEquals(DType.F32, out.dtype());
            for (int i = 0; i < in.length; i++) {
                // The f32 inputs here are exact or nearly so; the result must be the nearest float.
                float want = (float) expected[i];
                float got = out.getFloat(i);
                if (Float.isNaN(want)) {
                    assertEquals(want, got, e.getKey() + " element " + i);
                } else {
                    assertEquals(want, got, Math.ulp(want) + Float.MIN_VALUE, e.getKey() + " element " + i);
                }
            }
        }
    }

    @Test
    void geluKeepsRelativeAccuracyInTheTail() {
        double[] x = {-10, -20, -30};
        double[] want = {-7.619853024160526e-23, -5.507248237212468e-88, -1.472014178144456e-196};
        Tensor out = eval(new Unary(UnaryFn.GELU), f64(shape(3), x));
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], out.getDouble(i), 4e-15 * Math.abs(want[i]), "gelu(" + x[i] + ")");
        }
    }

    @Test
    void signOfZeroAndNan() {
        assertBits(eval(new Unary(UnaryFn.RELU), f64(shape(3), -0.0, 0.0, NAN)), shape(3), 0.0, 0.0, NAN);
        assertBits(eval(new Unary(UnaryFn.NEG), f64(shape(2), 0.0, -0.0)), shape(2), -0.0, 0.0);
        assertBits(eval(new Unary(UnaryFn.ABS), f32(shape(1), -0.0)), shape(1), 0.0);
        assertBits(eval(new Unary(UnaryFn.SIGN), f64(shape(2), -0.0, 0.0)), shape(2), -0.0, 0.0);
    }

    @Test
    void exactSingleRounding() {
        // exp(1) in f32 is the float nearest to e, not exp of anything already rounded.
        assertEquals((float) Math.E, eval(new Unary(UnaryFn.EXP), f32(shape(1), 1)).getFloat(0));
        assertEquals((float) Math.sqrt(2), eval(new Unary(UnaryFn.SQRT), f32(shape(1), 2)).getFloat(0));
    }

    @Test
    void integerFunctionsAreExact() {
        assertLongs(eval(new Unary(UnaryFn.NEG), i64(shape(3), 5, -9007199254740993L, Long.MIN_VALUE)), shape(3), -5,
                9007199254740993L, Long.MIN_VALUE);
        assertLongs(eval(new Unary(UnaryFn.ABS), i32(shape(3), -7, 7, Integer.MIN_VALUE)), shape(3), 7, 7,
                Integer.MIN_VALUE);
        assertLongs(eval(new Unary(UnaryFn.SIGN), i64(shape(3), -7, 0, 9)), shape(3), -1, 0, 1);
        assertLongs(eval(new Unary(UnaryFn.RELU), i32(shape(3), -3, 0, 4)), shape(3), 0, 0, 4);
        Tensor i8 = Tensor.of(DType.I8, shape(2), -128, 5);
        Tensor neg = eval(new Unary(UnaryFn.NEG), i8);
        assertEquals(DType.I8, neg.dtype());
        // -(-128) wraps to -128 in eight bits.
        assertLongs(neg, shape(2), -128, -5);
    }

    @Test
    void complexNegationAndConjugate() {
        Tensor z = c64(shape(2), 1, 2, -3, -0.5);
        assertComplex(eval(new Unary(UnaryFn.NEG), z), shape(2), 0, -1, -2, 3, 0.5);
        assertComplex(eval(new Unary(UnaryFn.CONJ), z), shape(2), 0, 1, -2, -3, 0.5);
    }

    @Test
    void emptyAndScalarTensors() {
        assertClose(eval(new Unary(UnaryFn.EXP), f32(shape(0, 3))), shape(0, 3), 0);
        assertClose(eval(new Unary(UnaryFn.EXP), f64(shape(), 0)), shape(), 0, 1);
    }
}
