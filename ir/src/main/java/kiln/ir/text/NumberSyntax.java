package kiln.ir.text;

/**
 * How floating-point numbers are written so that they read back bit-exactly: the shortest decimal that
 * round-trips ({@link Float#toString}, {@link Double#toString}), {@code inf} and {@code -inf}, {@code nan}
 * for the canonical NaN and {@code nan(0x...)} with the raw bits for any other NaN.
 */
final class NumberSyntax {
    /** The bits of {@link Float#NaN}, written {@code nan}. */
    static final int F32_NAN = Float.floatToRawIntBits(Float.NaN);
    /** The bits of {@link Double#NaN}, written {@code nan}. */
    static final long F64_NAN = Double.doubleToRawLongBits(Double.NaN);

    private NumberSyntax() {
    }

    static String f32(int bits) {
        float v = Float.intBitsToFloat(bits);
        if (Float.isNaN(v)) {
            return bits == F32_NAN ? "nan" : "nan(0x" + Integer.toHexString(bits) + ")";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Float.toString(v);
    }

    static String f64(long bits) {
        double v = Double.longBitsToDouble(bits);
        if (Double.isNaN(v)) {
            return bits == F64_NAN ? "nan" : "nan(0x" + Long.toHexString(bits) + ")";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }
}
