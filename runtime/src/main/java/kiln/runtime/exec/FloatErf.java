package kiln.runtime.exec;

/**
 * The error function in float, about 1 ulp accurate (0.93 ulp at worst, measured against a double-precision
 * reference), using float arithmetic only and no branches a vector could not take lane by lane. Three ranges of
 * |x|:
 * <ul>
 *   <li>|x| &lt; {@value #SMALL_END}: {@code x + x·Q(x²)}, Q of degree 6 — the form keeps the rounding of
 *       the leading term 2/√π out of the result;</li>
 *   <li>{@value #SMALL_END} ≤ |x| &lt; {@value #MID_END}: {@code erf(c) + M(|x| − c)} with
 *       c = {@value #MID}, M of degree 10 — computing 1 − erfc here would lose the bits erfc's own rounding
 *       carries, as erfc is still large;</li>
 *   <li>{@value #MID_END} ≤ |x| &lt; {@value #ONE_FROM}: {@code 1 − exp(−x²)·R(|x| − d)} with d =
 *       {@value #FAR}, R of degree 6, x² split into a float and its rounding error (an fma) so the
 *       exponential sees x² exactly; from {@value #ONE_FROM} on, erf rounds to ±1.</li>
 * </ul>
 * The coefficients are near-minimax fits (Lawson-weighted least squares on Chebyshev nodes against 40-digit
 * values), rounded to float. This class is the definition: {@link #erf} evaluates it for scalars, and the
 * CPU code generator writes the same polynomials with these coefficients into vector kernels (as code inside
 * the kernel, because a runtime method taking vectors that the JIT declines to inline would box them).
 */
public final class FloatErf {
    public static final float SMALL_END = 0.875f;
    public static final float MID = 1.4375f;
    /** erf({@link #MID}) rounded to float; M approximates the difference. */
    public static final float ERF_MID = 0.9579406f;
    public static final float MID_END = 2f;
    public static final float FAR = 2.96875f;
    public static final float ONE_FROM = 3.92f;

    /** Coefficients, lowest degree first. */
    private static final float[] Q = {0.12837917f, -0.37612635f, 0.11283737f, -0.026861776f, 0.0052072243f,
        -0.0008216601f, 8.699184e-05f};
    private static final float[] M = {2.7552556e-08f, 0.14289802f, -0.2054159f, 0.14922483f, -0.038783226f,
        -0.022477746f, 0.021110918f, -0.003241921f, -0.0033487992f, 0.0014577851f, 0.00015169302f};
    private static final float[] R = {0.180716f, -0.055380907f, 0.01629432f, -0.004658178f, 0.0013232923f,
        -0.00019332125f, 0.00020833008f};

    private FloatErf() {
    }

    /** Q's coefficients, lowest degree first. */
    public static float[] q() {
        return Q.clone();
    }

    /** M's coefficients, lowest degree first. */
    public static float[] m() {
        return M.clone();
    }

    /** R's coefficients, lowest degree first. */
    public static float[] r() {
        return R.clone();
    }

    /** erf(x): odd, ±1 at ±infinity, NaN for NaN. */
    public static float erf(float x) {
        float ax = Math.abs(x);
        if (!(ax >= SMALL_END)) {
            return Math.fma(x, horner(x * x, Q), x);
        }
        float r;
        if (ax < MID_END) {
            r = ERF_MID + horner(ax - MID, M);
        } else if (ax < ONE_FROM) {
            float hi = ax * ax;
            float lo = Math.fma(ax, ax, -hi);
            float e = (float) Math.exp(-hi);
            e = Math.fma(-e, lo, e);
            r = 1f - e * horner(ax - FAR, R);
        } else {
            r = 1f;
        }
        return Math.copySign(r, x);
    }

    private static float horner(float u, float[] c) {
        float r = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
            r = Math.fma(r, u, c[i]);
        }
        return r;
    }
}
