package kiln.passes.schedule;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;

/**
 * {@code parallel(v)}: marks the loop {@code PARALLEL}: its iterations are spread over worker threads.
 * Legal only when the iterations are independent (see {@link Dependence}) and the loop is neither inside
 * nor around another parallel loop, nor inside a vectorized one. Applies to every loop named v.
 */
public record Parallel(String loop) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        return Marks.mark(k, loop, LoopKind.PARALLEL, "parallel", site -> {
            String bad = Marks.badEnclosing(site, LoopKind.PARALLEL, LoopKind.VECTORIZED);
            if (bad == null) {
                bad = Marks.badInside(site, LoopKind.PARALLEL);
            }
            return bad != null ? bad : Dependence.carried(site.loop(), site.facts());
        });
    }

    @Override
    public String text() {
        return "parallel(" + LoopPrinter.name(loop) + ")";
    }
}
