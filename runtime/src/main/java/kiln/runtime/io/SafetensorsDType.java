package kiln.runtime.io;

import kiln.runtime.DType;

/**
 * Every dtype the safetensors format defines, with its width in bits (F4 and F6 pack below a byte).
 * Knowing them all lets a file be validated completely even when Kiln cannot load some of its tensors.
 */
enum SafetensorsDType {
    BOOL(8), F4(4), F6_E2M3(6), F6_E3M2(6), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8),
    I16(16), U16(16), F16(16), BF16(16), I32(32), U32(32), F32(32), C64(64), F64(64), I64(64), U64(64);

    private final int bits;

    SafetensorsDType(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }

    /** The dtype for a header string, or null when the string names none (names are case-sensitive). */
    static SafetensorsDType fromName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The safetensors dtype that stores a Kiln dtype bit for bit. */
    static SafetensorsDType of(DType dtype) {
        return switch (dtype) {
            case F32 -> F32;
            case F64 -> F64;
            case I64 -> I64;
            case I32 -> I32;
            case I8 -> I8;
            case BOOL -> BOOL;
            case C64 -> C64;
        };
    }
}
