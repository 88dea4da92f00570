package kiln.passes.schedule;

import java.util.Map;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * {@code fuse(a, b)}: a loop a whose body is exactly the loop b becomes one loop over {@code a_b} in
 * {@code 0..n_a*n_b}, with {@code a = a_b // n_b} and {@code b = a_b % n_b}: the same iterations in the same
 * order, so always legal. Used to give a parallel loop enough iterations, or a vector loop enough length
 * (the simplifier turns {@code (f // w)*w + f % w} back into {@code f}). The fused loop is parallel when
 * the outer one was and the inner one's iterations are independent (the dependence test cannot see
 * through the division, so parallelize first, then fuse), unrolled when both were, and serial otherwise.
 */
public record Fuse(String outer, String inner, String fused) implements Step {

    /** Fuses into a loop named {@code outer_inner} (made unique). */
    public Fuse(String outer, String inner) {
        this(outer, inner, null);
    }

    @Override
    public Kernel apply(Kernel k) {
        LoopSites.Site site = LoopSites.unique(k, outer);
        Stmt.For a = site.loop();
        if (!(a.body() instanceof Stmt.For b) || !b.var().name().equals(inner)) {
            throw new ScheduleException("fuse(" + outer + ", " + inner + ") in kernel " + k.name() + ": the body of "
                    + outer + " is not exactly the loop " + inner);
        }
        if (Uses.mentions(b.extent(), a.var())) {
            throw new ScheduleException("fuse(" + outer + ", " + inner + "): the extent of " + inner + " depends on "
                    + outer);
        }
        if (fused != null && Uses.names(k).contains(fused)) {
            throw new ScheduleException("fuse(" + outer + ", " + inner + "): name " + fused + " is already used");
        }
        String name = fused != null ? fused : Uses.fresh(outer + "_" + inner, Uses.names(k));
        Expr.Var f = new Expr.Var(name, ScalarType.I32);
        Stmt s = Substitute.in(b.body(), Map.of(a.var(), new Expr.Bin(BinOp.FLOORDIV, f, b.extent()),
                b.var(), new Expr.Bin(BinOp.MOD, f, b.extent())));
        LoopKind kind = LoopKind.SERIAL;
        if (a.kind() == LoopKind.UNROLLED && b.kind() == LoopKind.UNROLLED) {
            kind = LoopKind.UNROLLED;
        } else if (a.kind() == LoopKind.PARALLEL && b.kind() == LoopKind.SERIAL
                && Dependence.carried(b, site.facts().withLoop(a.var(), a.extent())) == null) {
            // Different outer iterations were independent, and so are different inner ones within one.
            kind = LoopKind.PARALLEL;
        }
        Stmt loop = new Stmt.For(f, new Expr.Bin(BinOp.MUL, a.extent(), b.extent()), kind, s);
        return LoopSites.replace(k, a, Simplify.stmt(loop, site.facts()));
    }

    @Override
    public String text() {
        return "fuse(" + LoopPrinter.name(outer) + ", " + LoopPrinter.name(inner)
                + (fused == null ? "" : ", " + LoopPrinter.name(fused)) + ")";
    }
}
