package kiln.passes.schedule;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;

/**
 * {@code vectorize(v)}: marks the loop {@code VECTORIZED}: its iterations run in vector lanes, a partial
 * last vector masked. Legal only when the iterations are independent (no element written in one iteration
 * is touched by another, see {@link Dependence}) and no vectorized or parallel loop is inside it or around
 * it. Usually applied to the inner loop of a split by lanes. Applies to every loop named v.
 */
public record Vectorize(String loop) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        return Marks.mark(k, loop, LoopKind.VECTORIZED, "vectorize", site -> {
            String bad = Marks.badEnclosing(site, LoopKind.VECTORIZED);
            if (bad == null) {
                bad = Marks.badInside(site, LoopKind.VECTORIZED, LoopKind.PARALLEL);
            }
            return bad != null ? bad : Dependence.carried(site.loop(), site.facts());
        });
    }

    @Override
    public String text() {
        return "vectorize(" + LoopPrinter.name(loop) + ")";
    }
}
