package kiln.runtime.exec;

/**
 * Values generated code uses where the JIT must not know them. A reduction loop around a register tile
 * steps by {@link #one()}: C2 unrolls loops with a constant step, and in an unrolled copy of a micro-kernel
 * it schedules every copy's loads and broadcasts ahead of the fused multiply-adds, which then need more
 * vector registers than the machine has and spill the accumulators to the stack (measured: a 3×3 tile of
 * 8-lane accumulators runs at about 40% of the FMA peak when unrolled, 70–85% when not). A loop with a step
 * the JIT cannot see is not a counted loop and is never unrolled; what it costs is a bounds check per access,
 * which the out-of-order core hides.
 */
public final class Opaque {
    private static int one = 1;

    private Opaque() {
    }

    /** 1. */
    public static int one() {
        return one;
    }
}
