package kiln.passes.loop;

import java.util.List;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopVerifier;

/**
 * Loop passes in order. {@link #STANDARD} is what runs after scheduling, before code generation:
 * simplify, remove dead loops, expand unrolled loops (tile positions become constants), contract fma,
 * hoist invariant loads, simplify. Every pass keeps the kernel verified; {@link #runVerified} checks it
 * after each pass, as tests do.
 */
public record LoopPipeline(List<LoopPass> passes) {
    public static final LoopPipeline STANDARD = new LoopPipeline(List.of(SimplifyLoops.INSTANCE,
            RemoveDeadLoops.INSTANCE, ExpandUnrolled.INSTANCE, ContractFma.INSTANCE, HoistInvariants.INSTANCE,
            SimplifyLoops.INSTANCE));

    public LoopPipeline {
        passes = List.copyOf(passes);
    }

    public Kernel run(Kernel k) {
        for (LoopPass p : passes) {
            k = p.run(k);
        }
        return k;
    }

    /** Runs the passes, verifying the kernel after each; a failure names the pass. */
    public Kernel runVerified(Kernel k) {
        LoopVerifier.verify(k);
        for (LoopPass p : passes) {
            k = p.run(k);
            try {
                LoopVerifier.verify(k);
            } catch (RuntimeException e) {
                throw new IllegalStateException("after loop pass " + p.name() + ": " + e.getMessage(), e);
            }
        }
        return k;
    }
}
