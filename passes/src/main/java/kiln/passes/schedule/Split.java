package kiln.passes.schedule;

import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * {@code split(v, f)}: {@code for v in 0..n} becomes {@code for vo in 0..ceil(n/f) { for vi in 0..f }}
 * with {@code v = vo*f + vi}. The factor is a positive constant or a multiple of lanes ({@code lanes(f32)*2});
 * iterations past n are skipped by a guard {@code vo*f + vi < n}, which the simplifier removes when f
 * divides n at every vector width. A parallel loop stays parallel outside, a vectorized one inside.
 *
 * <pre>
 * for j in 0..64 { y[j] = x[j] }   --split(j, lanes(f32))--&gt;
 * for jo in 0..63 // lanes(f32) + 1 { for ji in 0..lanes(f32) { y[jo*lanes(f32) + ji] = x[jo*lanes(f32) + ji] } }
 * </pre>
 */
public record Split(String loop, Expr factor, String outer, String inner) implements Step {

    public Split {
        if ((outer == null) != (inner == null)) {
            throw new ScheduleException("split(" + loop + "): name both new loops or neither");
        }
        if (factor.type() != ScalarType.I32 || !Uses.vars(factor).isEmpty()) {
            throw new ScheduleException("split factor must be an i32 constant or a multiple of lanes, not "
                    + LoopPrinter.print(factor));
        }
        Interval r = Bounds.range(factor, Facts.EMPTY);
        if (r.isEmpty() || r.lo() < 1) {
            throw new ScheduleException("split factor " + LoopPrinter.print(factor) + " is not positive");
        }
    }

    /** Splits into loops named {@code loop + "o"} and {@code loop + "i"} (made unique in the kernel). */
    public Split(String loop, Expr factor) {
        this(loop, factor, null, null);
    }

    public static Split by(String loop, long factor) {
        return new Split(loop, new Expr.IntImm(ScalarType.I32, factor));
    }

    @Override
    public Kernel apply(Kernel k) {
        LoopSites.Site site = LoopSites.unique(k, loop);
        Stmt.For f = site.loop();
        Set<String> taken = Uses.names(k);
        if (outer != null && (taken.contains(outer) || taken.contains(inner) || outer.equals(inner))) {
            throw new ScheduleException("split(" + loop + "): the names " + outer + " and " + inner
                    + " must be new and different");
        }
        String on = outer != null ? outer : Uses.fresh(loop + "o", taken);
        taken.add(on);
        String in = inner != null ? inner : Uses.fresh(loop + "i", taken);
        Expr.Var vo = new Expr.Var(on, ScalarType.I32);
        Expr.Var vi = new Expr.Var(in, ScalarType.I32);
        Expr n = f.extent();
        Expr value = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, vo, factor), vi);
        Expr outerExtent = new Expr.Bin(BinOp.FLOORDIV,
                new Expr.Bin(BinOp.ADD, n, new Expr.Bin(BinOp.SUB, factor, new Expr.IntImm(ScalarType.I32, 1))), factor);
        Stmt body = Substitute.in(f.body(), Map.of(f.var(), value));
        body = new Stmt.If(new Expr.Bin(BinOp.LT, value, n), body, new Stmt.Seq(List.of()));
        LoopKind outerKind = f.kind() == LoopKind.PARALLEL || f.kind() == LoopKind.UNROLLED ? f.kind() : LoopKind.SERIAL;
        LoopKind innerKind = f.kind() == LoopKind.VECTORIZED || f.kind() == LoopKind.UNROLLED ? f.kind() : LoopKind.SERIAL;
        Stmt nest = Simplify.stmt(new Stmt.For(vo, outerExtent, outerKind, new Stmt.For(vi, factor, innerKind, body)),
                site.facts());
        return LoopSites.replace(k, f, Unroll.serialUnlessConstant(nest));
    }

    @Override
    public String text() {
        return "split(" + LoopPrinter.name(loop) + ", " + LoopPrinter.print(factor)
                + (outer == null ? "" : ", " + LoopPrinter.name(outer) + ", " + LoopPrinter.name(inner)) + ")";
    }
}
