package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import kiln.ir.interp.Erf;
import kiln.ir.loop.Kernel;
import kiln.runtime.exec.FloatErf;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.Test;

/**
 * The float erf against the reference interpreter's double-precision erf (Cody's approximations, ~1e-16):
 * the runtime's scalar twin and the vector code the emitter writes into kernels are both within 1 ulp of the
 * exact value, over every 509th float of [−4.5, 4.5] (every 2036th at widths the hardware may lack, which run
 * slowly). The vector floor, ceil and rint are bit-exact over the same sweep.
 */
class ErfAccuracyTest {
    private static final int STEP = 509;

    /** Error in ulps of {@code got} against the exact value {@code exact}, in the ulp of the float nearest it. */
    static double ulps(float got, double exact) {
        if (Double.isNaN(exact)) {
            return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(got - exact) / Math.ulp((float) exact);
    }

    /** Every {@code step}-th float of [-4.5, 4.5], and the corners. */
    static float[] sweep(int step) {
        List<Float> xs = new ArrayList<>(List.of(Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 3.92f, 3.9199998f, 10f, -10f, 0.875f, -0.87499994f, 2f,
                1.9999999f, 0.5f, -0.5f, 2.5f, -2.5f, 8388607.5f, -8388609f, 1e30f));
        for (int bits = 0; bits <= Float.floatToIntBits(4.5f); bits += step) {
            xs.add(Float.intBitsToFloat(bits));
            xs.add(-Float.intBitsToFloat(bits));
        }
        float[] a = new float[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = xs.get(i);
        }
        return a;
    }

    @Test
    void scalarErfIsWithinOneUlp() {
        double worst = 0;
        float at = 0;
        for (float x : sweep(STEP)) {
            double e = ulps(FloatErf.erf(x), Erf.erf(x));
            if (e > worst) {
                worst = e;
                at = x;
            }
        }
        System.out.printf("scalar erf: worst error %.3f ulp at %s%n", worst, at);
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp at " + at);
    }

    /** {@code y[i] = f(x[i])} over a vector loop, compiled. */
    private static float[] vectorized(String f, float[] xs) {
        Kernel k = Differential.parse("""
                kernel apply(x: f32[$N], y: f32[$N]) {
                  for i in 0..$N vectorized {
                    y[i] = $F(x[i])
                  }
                }
                """.replace("$N", Integer.toString(xs.length)).replace("$F", f));
        KernelLibrary lib = Differential.compile(k);
        float[] ys = new float[xs.length];
        lib.invoke(0, new Object[] {xs, ys}, new int[] {0, 0});
        return ys;
    }

    @Test
    void vectorErfIsWithinOneUlp() {
        float[] xs = sweep(VectorWidth.BITS > 256 ? STEP * 4 : STEP);
        float[] ys = vectorized("erf", xs);
        double worst = 0;
        int differ = 0;
        for (int i = 0; i < xs.length; i++) {
            worst = Math.max(worst, ulps(ys[i], Erf.erf(xs[i])));
            differ += Float.floatToIntBits(ys[i]) == Float.floatToIntBits(FloatErf.erf(xs[i])) ? 0 : 1;
        }
        System.out.printf("vector erf at %d bits: worst error %.3f ulp; differs from its scalar twin in %d of %d%n",
                VectorWidth.BITS, worst, differ, xs.length);
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void vectorRoundingIsExact() {
        float[] xs = sweep(VectorWidth.BITS > 256 ? STEP * 4 : STEP);
        for (int i = 0; i < xs.length; i += 3) {
            xs[i] *= 1000;
        }
        check("floor", xs, Math::floor);
        check("ceil", xs, Math::ceil);
        check("rint", xs, Math::rint);
    }

    private static void check(String f, float[] xs, DoubleUnaryOperator reference) {
        float[] ys = vectorized(f, xs);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Float.floatToIntBits((float) reference.applyAsDouble(xs[i])), Float.floatToIntBits(ys[i]),
                    f + "(" + xs[i] + ")");
        }
    }
}
