package kiln.ir.interp;

/**
 * The error function and its complement in double precision, which {@code java.lang.Math} lacks.
 *
 * <p>W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; the SPECFUN routine CALERF):
 * one rational function of x² for erf on |x| ≤ 0.46875, one of |x| for erfc on (0.46875, 4], and one
 * of 1/x² for erfc beyond 4, each with a maximal relative error below 1e-16 before rounding. The
 * factor exp(-x²) is computed as exp(-s²)·exp(-(x-s)(x+s)) with s = x rounded down to a multiple of
 * 1/16, so s² is exact and the large argument loses no bits. erfc is computed directly (not as 1 - erf),
 * so it keeps its relative accuracy deep in the tail, which exact GELU needs for large negative inputs.
 */
public final class Erf {
    private static final double THRESHOLD = 0.46875;
    private static final double SMALL = 1.11e-16;
    /** Beyond this erfc(x) underflows to 0. */
    private static final double BIG = 26.543;
    private static final double INV_SQRT_PI = 5.6418958354775628695e-1;

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
        1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
        1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    private Erf() {
    }

    /** erf(x) = 2/√π ∫₀ˣ e^(-t²) dt; odd, ±1 at ±infinity, NaN for NaN. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return x * smallRatio(y);
        }
        double r = erfcPositive(y);
        double e = (0.5 - r) + 0.5;
        return x < 0 ? -e : e;
    }

    /** erfc(x) = 1 - erf(x), accurate in relative terms also where it is tiny (x ≫ 1). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return 1 - x * smallRatio(y);
        }
        double r = erfcPositive(y);
        return x < 0 ? 2 - r : r;
    }

    /** erf(y)/y for 0 ≤ y ≤ 0.46875. */
    private static double smallRatio(double y) {
        double ysq = y > SMALL ? y * y : 0;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y > 0.46875. */
    private static double erfcPositive(double y) {
        double r;
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            r = (num + C[7]) / (den + D[7]);
        } else {
            if (y >= BIG) {
                return 0;
            }
            double ysq = 1 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            r = ysq * (num + P[4]) / (den + Q[4]);
            r = (INV_SQRT_PI - r) / y;
        }
        double s = Math.floor(y * 16) / 16;
        double del = (y - s) * (y + s);
        return Math.exp(-s * s) * Math.exp(-del) * r;
    }
}
