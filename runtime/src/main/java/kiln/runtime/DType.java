package kiln.runtime;

/**
 * Element types of tensors. {@code C64} is a complex number made of two {@code f32} (real, imaginary),
 * stored interleaved; it exists for frequency-domain filters between a real FFT and its inverse.
 */
public enum DType {
    F32("f32", 4, true),
    F64("f64", 8, true),
    I64("i64", 8, false),
    I32("i32", 4, false),
    I8("i8", 1, false),
    BOOL("bool", 1, false),
    C64("c64", 8, false);

    private final String text;
    private final int byteSize;
    private final boolean real;

    DType(String text, int byteSize, boolean real) {
        this.text = text;
        this.byteSize = byteSize;
        this.real = real;
    }

    /** The name used in Kiln's text forms, e.g. {@code f32}. */
    public String text() {
        return text;
    }

    /** Bytes per element (a complex element counts both parts). */
    public int byteSize() {
        return byteSize;
    }

    /** True for the real floating-point types f32 and f64. */
    public boolean isFloat() {
        return real;
    }

    public boolean isComplex() {
        return this == C64;
    }

    /** True for the integer types (not bool). */
    public boolean isInteger() {
        return this == I64 || this == I32 || this == I8;
    }

    /** Parses a text name such as {@code f32}; returns null when the name is unknown. */
    public static DType fromText(String text) {
        for (DType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
