package kiln.runtime.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width generated kernels run at, fixed when this class initialises: the machine's preferred
 * width, at most 512 bits (Loop IR sizes local tiles for 512-bit vectors at most), or the width the
 * system property {@value #PROPERTY} forces (128, 256 or 512). Forcing a width wider than the hardware's is
 * correct but slow (the Vector API falls back to scalar Java); it exists so tests can run every width on one
 * machine.
 *
 * <p>Generated classes copy these species into their own {@code static final} fields, so the JIT folds the
 * lane count into constants and unrolls the vector code for this one width.
 */
public final class VectorWidth {
    /** The system property that forces a width in bits. */
    public static final String PROPERTY = "kiln.vector.bits";

    /** The vector width in bits: 128, 256 or 512. */
    public static final int BITS = chooseBits(System.getProperty(PROPERTY), FloatVector.SPECIES_PREFERRED.vectorBitSize());

    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);

    /** f32 lanes: the species of every float vector in generated code. */
    public static final VectorSpecies<Float> F32 = VectorSpecies.of(float.class, SHAPE);

    /** i32 lanes, as many as {@link #F32}: index vectors and masks of a vectorized loop share its lanes. */
    public static final VectorSpecies<Integer> I32 = VectorSpecies.of(int.class, SHAPE);

    private VectorWidth() {
    }

    /** The f32 species of {@code bits} bits (128, 256 or 512): generated classes fix theirs with it. */
    public static VectorSpecies<Float> f32(int bits) {
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }

    /** The i32 species of {@code bits} bits, as many lanes as {@link #f32}. */
    public static VectorSpecies<Integer> i32(int bits) {
        return VectorSpecies.of(int.class, VectorShape.forBitSize(bits));
    }

    /** Lanes of a vector of {@link #BITS} bits for elements of {@code elementBits} bits. */
    public static int lanes(int elementBits) {
        return BITS / elementBits;
    }

    /**
     * The width for a property value (null when unset) on a machine whose preferred width is
     * {@code preferredBits}.
     */
    static int chooseBits(String forced, int preferredBits) {
        if (forced == null || forced.isBlank()) {
            return Math.max(128, Math.min(512, preferredBits));
        }
        return switch (forced.strip()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalStateException(
                    "system property " + PROPERTY + " must be 128, 256 or 512, not '" + forced + "'");
        };
    }
}
