package kiln.ir.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FFT (radix-2, direct and Bluestein forms) against a plainly written DFT. */
class ComplexFftTest {
    private static final long SEED = 20260101L;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 63, 64, 65, 67, 97, 100, 128, 1000, 4096, 8192})
    void agreesWithTheDirectDft(int n) {
        SplittableRandom random = new SplittableRandom(SEED + n);
        double[] re = new double[n];
        double[] im = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            re[i] = random.nextDouble(-1, 1);
            im[i] = random.nextDouble(-1, 1);
            norm += re[i] * re[i] + im[i] * im[i];
        }
        norm = Math.sqrt(norm);
        for (boolean inverse : new boolean[] {false, true}) {
            double[][] expected = dft(re, im, inverse);
            double[] r = re.clone();
            double[] i = im.clone();
            ComplexFft.of(n).transform(r, i, inverse);
            double worst = 0;
            for (int k = 0; k < n; k++) {
                worst = Math.max(worst, Math.hypot(r[k] - expected[0][k], i[k] - expected[1][k]));
            }
            // An FFT's error grows like ε·log n relative to the signal's norm.
            double bound = 2e-15 * (1 + Math.log(n)) * norm;
            String what = (inverse ? "inverse" : "forward") + " n=" + n + ": worst error " + worst;
            assertTrue(worst <= bound, what + " exceeds " + bound);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 64, 100, 1000, 4096})
    void inverseOfForwardIsNTimesTheSignal(int n) {
        SplittableRandom random = new SplittableRandom(SEED - n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextDouble(-1, 1);
            im[i] = random.nextDouble(-1, 1);
        }
        double[] r = re.clone();
        double[] i = im.clone();
        ComplexFft fft = ComplexFft.of(n);
        fft.transform(r, i, false);
        fft.transform(r, i, true);
        for (int k = 0; k < n; k++) {
            assertEquals(re[k], r[k] / n, 1e-14, "re " + k);
            assertEquals(im[k], i[k] / n, 1e-14, "im " + k);
        }
    }

    /**
     * The definition, with the angle reduced exactly, X[k] = Σ x[t]·exp(∓2πi·(k·t mod n)/n), summed with
     * Neumaier's compensation so that the reference itself is accurate to about ε·‖x‖ at every size.
     */
    private static double[][] dft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int j = 0; j < n; j++) {
            double angle = (inverse ? 2 : -2) * Math.PI * j / n;
            cos[j] = Math.cos(angle);
            sin[j] = Math.sin(angle);
        }
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            double[] sr = new double[2];
            double[] si = new double[2];
            for (int t = 0; t < n; t++) {
                int j = (int) ((long) k * t % n);
                add(sr, re[t] * cos[j]);
                add(sr, -im[t] * sin[j]);
                add(si, re[t] * sin[j]);
                add(si, im[t] * cos[j]);
            }
            out[0][k] = sr[0] + sr[1];
            out[1][k] = si[0] + si[1];
        }
        return out;
    }

    /** Neumaier summation: acc[0] is the running sum, acc[1] the lost low-order part. */
    private static void add(double[] acc, double v) {
        double t = acc[0] + v;
        acc[1] += Math.abs(acc[0]) >= Math.abs(v) ? (acc[0] - t) + v : (v - t) + acc[0];
        acc[0] = t;
    }
}
