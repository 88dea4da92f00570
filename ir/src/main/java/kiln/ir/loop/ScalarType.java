package kiln.ir.loop;

import kiln.runtime.DType;

/** Element types of Loop IR values and buffers. Indices are {@code I32}. Complex numbers are pairs of F32. */
public enum ScalarType {
    BOOL, I8, I32, I64, F32, F64;

    public boolean isFloat() {
        return this == F32 || this == F64;
    }

    public boolean isInteger() {
        return this == I8 || this == I32 || this == I64;
    }

    /** Bits per element; a {@code BOOL} counts as a byte, as vector masks are sized by bytes. */
    public int bits() {
        return switch (this) {
            case BOOL, I8 -> 8;
            case I32, F32 -> 32;
            case I64, F64 -> 64;
        };
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The element type a tensor of {@code dtype} is stored as (c64 as interleaved f32 pairs). */
    public static ScalarType of(DType dtype) {
        return switch (dtype) {
            case F32, C64 -> F32;
            case F64 -> F64;
            case I64 -> I64;
            case I32 -> I32;
            case I8 -> I8;
            case BOOL -> BOOL;
        };
    }
}
