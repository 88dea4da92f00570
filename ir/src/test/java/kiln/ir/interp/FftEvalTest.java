package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertClose;
import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.Rfft;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real FFT pair against closed forms and numpy's {@code rfftn}/{@code irfftn} (values printed by
 * numpy 2 in full precision), and the round trip at many lengths.
 */
@Covers({Rfft.class, Irfft.class})
class FftEvalTest {
    private static final double TOL = 2e-6;
    private static final double SQRT3_2 = Math.sqrt(3) / 2;

    private static Rfft rfft(FftNorm norm, Integer... lengths) {
        return new Rfft(List.of(lengths), norm);
    }

    private static Irfft irfft(FftNorm norm, Integer... lengths) {
        return new Irfft(List.of(lengths), norm);
    }

    @Test
    void oneDimensionalValues() {
        assertComplex(eval(rfft(FftNorm.BACKWARD, 4), f32(shape(4), 1, 2, 3, 4)), shape(3), TOL, 10, 0, -2, 2, -2, 0);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 3), f32(shape(3), 1, 2, 3)), shape(2), TOL, 6, 0, -1.5, SQRT3_2);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 1), f32(shape(1), 7)), shape(1), TOL, 7, 0);
        // An impulse has a flat spectrum; a constant is all in bin 0.
        assertComplex(eval(rfft(FftNorm.BACKWARD, 4), f32(shape(4), 1, 0, 0, 0)), shape(3), TOL, 1, 0, 1, 0, 1, 0);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 5), f32(shape(5), 2, 2, 2, 2, 2)), shape(3), TOL, 10, 0, 0, 0, 0, 0);
    }

    @Test
    void normModes() {
        Tensor x = f32(shape(4), 1, 2, 3, 4);
        assertComplex(eval(rfft(FftNorm.ORTHO, 4), x), shape(3), TOL, 5, 0, -1, 1, -1, 0);
        assertComplex(eval(rfft(FftNorm.FORWARD, 4), x), shape(3), TOL, 2.5, 0, -0.5, 0.5, -0.5, 0);
        assertComplex(eval(rfft(FftNorm.ORTHO, 7), f32(shape(7), 1, 2, 3, 4, 5, 6, 7)), shape(4), TOL,
                10.583005244258361, 0.0, -1.3228756555322951, 2.7469796037174667, -1.322875655532295,
                1.0549581320873713, -1.322875655532295, 0.3019377358048382);
        Tensor spectrum = c64(shape(3), 10, 0, -2, 2, -2, 0);
        assertClose(eval(irfft(FftNorm.BACKWARD, 4), spectrum), shape(4), TOL, 1, 2, 3, 4);
        assertClose(eval(irfft(FftNorm.ORTHO, 4), spectrum), shape(4), TOL, 2, 4, 6, 8);
        assertClose(eval(irfft(FftNorm.FORWARD, 4), spectrum), shape(4), TOL, 4, 8, 12, 16);
    }

    @Test
    void lengthsCutOrZeroPadTheInput() {
        Tensor x = f32(shape(4), 1, 2, 3, 4);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 2), x), shape(2), TOL, 3, 0, -1, 0);
        // [1, 2, 0, 0, 0, 0]: X[k] = 1 + 2·exp(-πik/3).
        assertComplex(eval(rfft(FftNorm.BACKWARD, 6), f32(shape(2), 1, 2)), shape(4), TOL, 3, 0, 2, -2 * SQRT3_2, 0,
                -2 * SQRT3_2, -1, 0);
    }

    @Test
    void inverseValues() {
        assertClose(eval(irfft(FftNorm.BACKWARD, 3), c64(shape(2), 6, 0, -1.5, SQRT3_2)), shape(3), TOL, 1, 2, 3);
        // The imaginary parts of bin 0 and of the Nyquist bin are ignored, as numpy does.
        assertClose(eval(irfft(FftNorm.BACKWARD, 4), c64(shape(3), 10, 5, -2, 2, -2, 7)), shape(4), TOL, 1, 2, 3, 4);
        // Fewer bins than n/2 + 1 are zero-padded: one bin is a constant.
        assertClose(eval(irfft(FftNorm.BACKWARD, 4), c64(shape(1), 1, 0)), shape(4), TOL, 0.25, 0.25, 0.25, 0.25);
        // More bins are cut: n = 5 uses bins 0..2 of four.
        assertClose(eval(irfft(FftNorm.FORWARD, 5), c64(shape(4), 1, 1, 2, -1, 0, 0.5, 3, 0)), shape(5), 1e-6, 5.0,
                3.5503957577976237, -0.10944095661968989, -4.36269499837989, 0.9217401972019559);
    }

    @Test
    void twoDimensionalTransforms() {
        Tensor x = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor spectrum = eval(rfft(FftNorm.BACKWARD, 2, 3), x);
        assertComplex(spectrum, shape(2, 2), TOL, 21, 0, -3, 2 * SQRT3_2, -9, 0, 0, 0);
        assertClose(eval(irfft(FftNorm.BACKWARD, 2, 3), spectrum), shape(2, 3), TOL, 1, 2, 3, 4, 5, 6);
        Tensor y = f32(shape(3, 5), 1, 2, 3, 4, 5, 0, 1, 0, -1, 2, 3, 3, 3, 3, 3);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 3, 5), y), shape(3, 3), 1e-6, 32.0, 0.0, -0.7639320225002102,
                3.8042260651806137, -5.23606797749979, 2.3511410091698925, 6.5, 11.258330249197702,
                -3.0534318456586904, 1.7558401979651042, 0.2007100527513539, 2.41238273128438, 6.5, -11.258330249197702,
                -3.6826361318410994, 4.762798140388083, -2.464642075251564, -2.326626018707475);
        // Leading axis cut from 3 to 2, last axis padded from 5 to 6.
        assertComplex(eval(rfft(FftNorm.BACKWARD, 2, 6), y), shape(2, 4), 1e-6, 17.0, 0.0, -5.5, 0.8660254037844385,
                -2.5000000000000004, -6.06217782649107, 5.0, 0.0, 13.0, 0.0, -6.5, -0.8660254037844385,
                2.4999999999999996, -0.8660254037844384, 1.0, 0.0);
    }

    @Test
    void twoDimensionalInverseOfAnArbitrarySpectrum() {
        // Not Hermitian along the leading axis, padded on both axes: the leading axes are inverted first.
        Tensor z = c64(shape(2, 2), 1, 1, 2, -1, 0, 0.5, 3, 0);
        assertClose(eval(irfft(FftNorm.BACKWARD, 3, 4), z), shape(3, 4), 1e-6, 0.9166666666666666, 0.25,
                -0.7499999999999999, -0.08333333333333333, 0.13058227484231505, -0.21909709371657093,
                -0.03608439182435161, 0.3135949767345344, 0.20275105849101827, 0.7190970937165708,
                0.036084391824351594, -0.48026164340120103);
    }

    @Test
    void batchAxesAreIndependent() {
        Tensor x = f32(shape(2, 1, 4), 1, 2, 3, 4, 1, 0, 0, 0);
        Tensor out = eval(rfft(FftNorm.BACKWARD, 4), x);
        assertEquals(DType.C64, out.dtype());
        assertComplex(out, shape(2, 1, 3), TOL, 10, 0, -2, 2, -2, 0, 1, 0, 1, 0, 1, 0);
        assertComplex(eval(rfft(FftNorm.BACKWARD, 4), f32(shape(0, 4))), shape(0, 3), TOL);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 12, 16, 17, 100, 128, 1000, 4096, 8192})
    void inverseUndoesForward(int n) {
        SplittableRandom random = new SplittableRandom(7 + n);
        Tensor x = Tensor.zeros(DType.F32, 2, n);
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, random.nextDouble(-1, 1));
        }
        for (FftNorm norm : FftNorm.values()) {
            Tensor back = eval(irfft(norm, n), eval(rfft(norm, n), x));
            // The spectrum is rounded to f32 in between, so the round trip is exact to f32 precision.
            assertClose(back, shape(2, n), 1e-6 * Math.max(1, Math.sqrt(Math.log(n))), x.toDoubleArray());
        }
    }

    @Test
    void inverseUndoesForwardInTwoDimensions() {
        SplittableRandom random = new SplittableRandom(99);
        Tensor x = Tensor.zeros(DType.F32, 3, 6, 10);
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, random.nextDouble(-1, 1));
        }
        Tensor back = eval(irfft(FftNorm.ORTHO, 6, 10), eval(rfft(FftNorm.ORTHO, 6, 10), x));
        assertClose(back, shape(3, 6, 10), 2e-6, x.toDoubleArray());
    }
}
