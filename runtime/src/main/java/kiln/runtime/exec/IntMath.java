package kiln.runtime.exec;

/** Integer functions of generated scalar code that {@link Math} lacks. */
public final class IntMath {
    private IntMath() {
    }

    /**
     * {@code base} to the power {@code exponent} with wrap-around (by repeated squaring), as Loop IR defines
     * integer powers; a negative exponent is an error.
     */
    public static long pow(long base, long exponent) {
        if (exponent < 0) {
            throw new ArithmeticException("integer power with negative exponent " + exponent);
        }
        long result = 1;
        long b = base;
        for (long e = exponent; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }
}
