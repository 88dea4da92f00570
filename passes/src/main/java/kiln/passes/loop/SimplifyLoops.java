package kiln.passes.loop;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.Simplify;

/**
 * The Loop IR simplifier as a pass (see {@link Simplify}): constant folding, canonical index arithmetic,
 * guards decided by loop bounds removed.
 *
 * <pre>
 * for ji in 0..lanes(f32) { if jo*lanes(f32) + ji < 64 { y[(jo*lanes(f32) + ji) // lanes(f32)] = ... } }
 * --&gt; (64 a multiple of every lane count)
 * for ji in 0..lanes(f32) { y[jo] = ... }
 * </pre>
 */
public final class SimplifyLoops implements LoopPass {
    public static final SimplifyLoops INSTANCE = new SimplifyLoops();

    private SimplifyLoops() {
    }

    @Override
    public String name() {
        return "simplify";
    }

    @Override
    public Kernel run(Kernel k) {
        return Simplify.kernel(k);
    }
}
