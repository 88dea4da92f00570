package kiln.ir.interp;

/**
 * An unscaled complex discrete Fourier transform of one length in double precision:
 * {@code X[k] = Σ_t x[t]·exp(∓2πi·k·t/n)} (minus forward, plus inverse).
 *
 * <p>Powers of two use an iterative radix-2 FFT; other lengths up to {@link #DIRECT_MAX} a direct
 * O(n²) DFT; longer ones Bluestein's algorithm, which rewrites the transform as a convolution computed
 * by a power-of-two FFT. Every twiddle angle is reduced exactly in integers before it is scaled by
 * 2π/n ({@code k·t mod n}, and {@code k² mod 2n} for Bluestein's chirp), so no angle grows large enough
 * to lose bits. All three agree with the exact transform to a few units of 1e-16 relative to the
 * signal's norm (times log n).
 */
final class ComplexFft {
    /** Above this a non-power-of-two length switches from the direct DFT to Bluestein. */
    static final int DIRECT_MAX = 64;

    private final int n;
    /** cos and sin of 2πj/n, j in [0, n): the twiddles of the radix-2 and direct forms. */
    private final double[] cos;
    private final double[] sin;
    private final int[] bitReversal;
    /** Bluestein: the chirp exp(-πi·k²/n), the transformed conjugate chirp, and the power-of-two plan. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;
    private final ComplexFft inner;

    private ComplexFft(int n) {
        this.n = n;
        boolean pow2 = Integer.bitCount(n) == 1;
        if (pow2 || n <= DIRECT_MAX) {
            cos = new double[n];
            sin = new double[n];
            for (int j = 0; j < n; j++) {
                double angle = 2 * Math.PI * j / n;
                cos[j] = Math.cos(angle);
                sin[j] = Math.sin(angle);
            }
            bitReversal = pow2 ? bitReversal(n) : null;
            chirpRe = chirpIm = kernelRe = kernelIm = null;
            inner = null;
            return;
        }
        cos = sin = null;
        bitReversal = null;
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        inner = new ComplexFft(m);
        chirpRe = new double[n];
        chirpIm = new double[n];
        long twoN = 2L * n;
        for (int k = 0; k < n; k++) {
            long r = (long) k * k % twoN;
            double angle = Math.PI * r / n;
            chirpRe[k] = Math.cos(angle);
            chirpIm[k] = -Math.sin(angle);
        }
        kernelRe = new double[m];
        kernelIm = new double[m];
        for (int k = 0; k < n; k++) {
            kernelRe[k] = chirpRe[k];
            kernelIm[k] = -chirpIm[k];
            if (k > 0) {
                kernelRe[m - k] = chirpRe[k];
                kernelIm[m - k] = -chirpIm[k];
            }
        }
        inner.transform(kernelRe, kernelIm, false);
    }

    /** A plan for transforms of length {@code n} (at least 1). */
    static ComplexFft of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length " + n);
        }
        return new ComplexFft(n);
    }

    int length() {
        return n;
    }

    /** Transforms {@code re[0..n)} and {@code im[0..n)} in place, unscaled. */
    void transform(double[] re, double[] im, boolean inverse) {
        if (bitReversal != null) {
            radix2(re, im, inverse);
        } else if (cos != null) {
            direct(re, im, inverse);
        } else if (inverse) {
            // The inverse is the conjugate of the forward transform of the conjugate.
            negate(im, n);
            bluestein(re, im);
            negate(im, n);
        } else {
            bluestein(re, im);
        }
    }

    private void radix2(double[] re, double[] im, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = bitReversal[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * step];
                    double wi = sign * sin[j * step];
                    int a = start + j;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private void direct(double[] re, double[] im, boolean inverse) {
        double sign = inverse ? 1 : -1;
        double[] outRe = new double[n];
        double[] outIm = new double[n];
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                int j = (int) ((long) k * t % n);
                double wr = cos[j];
                double wi = sign * sin[j];
                sr += re[t] * wr - im[t] * wi;
                si += re[t] * wi + im[t] * wr;
            }
            outRe[k] = sr;
            outIm[k] = si;
        }
        System.arraycopy(outRe, 0, re, 0, n);
        System.arraycopy(outIm, 0, im, 0, n);
    }

    /** X[k] = chirp[k] · Σ_t (x[t]·chirp[t]) · conj(chirp[k - t]), since k·t = (k² + t² - (k-t)²)/2. */
    private void bluestein(double[] re, double[] im) {
        int m = inner.length();
        double[] ar = new double[m];
        double[] ai = new double[m];
        for (int t = 0; t < n; t++) {
            ar[t] = re[t] * chirpRe[t] - im[t] * chirpIm[t];
            ai[t] = re[t] * chirpIm[t] + im[t] * chirpRe[t];
        }
        inner.transform(ar, ai, false);
        for (int j = 0; j < m; j++) {
            double r = ar[j] * kernelRe[j] - ai[j] * kernelIm[j];
            double i = ar[j] * kernelIm[j] + ai[j] * kernelRe[j];
            ar[j] = r;
            ai[j] = i;
        }
        inner.transform(ar, ai, true);
        for (int k = 0; k < n; k++) {
            double cr = ar[k] / m;
            double ci = ai[k] / m;
            re[k] = cr * chirpRe[k] - ci * chirpIm[k];
            im[k] = cr * chirpIm[k] + ci * chirpRe[k];
        }
    }

    private static int[] bitReversal(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        return r;
    }

    private static void negate(double[] v, int count) {
        for (int i = 0; i < count; i++) {
            v[i] = -v[i];
        }
    }
}
