package kiln.passes.loop;

import kiln.ir.loop.Kernel;

/**
 * A transformation of one kernel that keeps what it computes (up to the rounding a pass documents, as for
 * fma contraction). Passes hold no state: {@link #run} may be called on many kernels, from many threads.
 */
public interface LoopPass {
    /** A short name for dumps and errors, e.g. {@code simplify}. */
    String name();

    /** The transformed kernel; the same instance when nothing changes. */
    Kernel run(Kernel k);
}
