package kiln.passes.schedule;

import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;

/**
 * {@code unroll(v)}: marks the loop {@code UNROLLED}, so that the code generator repeats its body (and the
 * loop pass {@code ExpandUnrolled} substitutes each value of v, turning tile positions into constants). The
 * extent must be a constant where the loop stands; a lanes-sized loop cannot be unrolled ahead of time.
 * Applies to every loop named v.
 */
public record Unroll(String loop) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        Kernel out = k;
        for (LoopSites.Site site : LoopSites.some(k, loop)) {
            Stmt.For f = site.loop();
            Expr extent = Simplify.expr(f.extent(), site.facts());
            if (!(extent instanceof Expr.IntImm)) {
                throw new ScheduleException("unroll(" + loop + ") in kernel " + k.name() + ": the extent "
                        + LoopPrinter.print(f.extent()) + " is not a constant");
            }
            if (f.kind() != LoopKind.UNROLLED || extent != f.extent()) {
                out = LoopSites.replace(out, f, new Stmt.For(f.var(), extent, LoopKind.UNROLLED, f.body()));
            }
        }
        return out;
    }

    @Override
    public String text() {
        return "unroll(" + LoopPrinter.name(loop) + ")";
    }

    /** {@code s} with every unrolled loop whose extent is not a constant made serial. */
    static Stmt serialUnlessConstant(Stmt s) {
        return new Mutator() {
            @Override
            protected Stmt visit(Stmt.For f) {
                Stmt.For m = (Stmt.For) super.visit(f);
                if (m.kind() == LoopKind.UNROLLED && !(m.extent() instanceof Expr.IntImm)) {
                    return new Stmt.For(m.var(), m.extent(), LoopKind.SERIAL, m.body());
                }
                return m;
            }
        }.mutate(s);
    }
}
