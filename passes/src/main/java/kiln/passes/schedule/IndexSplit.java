package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Expr;
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
 * {@code index_split(v, [a, b])}: the iterations of {@code for v in 0..n} run as consecutive loops over
 * {@code [0, a)}, {@code [a, b)} and {@code [b, n)} (empty ranges left out), each a copy of the body with
 * {@code v} replaced by the copy's variable plus its start; the copies are named {@code v_0}, {@code v_1}, …
 * (made unique) and keep v's kind. The same iterations in the same order, so always legal; simplified
 * separately, each copy drops the guards its range decides — the guard-free interior of a convolution and
 * its borders, or the full register tiles and the partial last one. The extent must be a constant and the
 * points increasing within it.
 *
 * <pre>
 * for t in 0..19 { if t*3 + r &lt; 56 { .. } }   --index_split(t, [18])--&gt;
 * for t_0 in 0..18 { .. }  for t_1 in 0..1 { if t_1*3 + r + 54 &lt; 56 { .. } }
 * </pre>
 */
public record IndexSplit(String loop, List<Long> points) implements Step {

    public IndexSplit {
        points = List.copyOf(points);
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i) < 0 || (i > 0 && points.get(i) <= points.get(i - 1))) {
                throw new ScheduleException("index_split(" + loop + "): points " + points + " must increase from 0");
            }
        }
    }

    /** The names of the copies {@link #apply} makes in {@code k}, empty ranges included. */
    public List<String> copyNames(Kernel k) {
        Set<String> taken = Uses.names(k);
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= points.size(); i++) {
            String name = Uses.fresh(loop + "_" + i, taken);
            taken.add(name);
            out.add(name);
        }
        return out;
    }

    @Override
    public Kernel apply(Kernel k) {
        LoopSites.Site site = LoopSites.unique(k, loop);
        Stmt.For f = site.loop();
        if (f.kind() == LoopKind.VECTORIZED) {
            throw new ScheduleException("index_split(" + loop + "): a vectorized loop runs as one");
        }
        Interval r = Bounds.range(f.extent(), site.facts());
        if (!r.isPoint()) {
            throw new ScheduleException("index_split(" + loop + ") in kernel " + k.name() + ": the extent "
                    + LoopPrinter.print(f.extent()) + " is not a constant");
        }
        long n = r.lo();
        List<Long> bounds = new ArrayList<>();
        bounds.add(0L);
        for (long p : points) {
            if (p >= n) {
                throw new ScheduleException("index_split(" + loop + "): point " + p + " is not inside 0.." + n);
            }
            bounds.add(p);
        }
        bounds.add(n);
        List<String> names = copyNames(k);
        List<Stmt> copies = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long lo = bounds.get(i);
            long hi = bounds.get(i + 1);
            if (hi <= lo) {
                continue;
            }
            Expr.Var v = new Expr.Var(names.get(i), ScalarType.I32);
            Expr value = lo == 0 ? v : new Expr.Bin(BinOp.ADD, v, new Expr.IntImm(ScalarType.I32, lo));
            Stmt body = Substitute.in(f.body(), Map.of(f.var(), value));
            copies.add(new Stmt.For(v, new Expr.IntImm(ScalarType.I32, hi - lo), f.kind(), body));
        }
        Stmt seq = copies.size() == 1 ? copies.getFirst() : new Stmt.Seq(copies);
        return LoopSites.replace(k, f, Simplify.stmt(seq, site.facts()));
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder("index_split(").append(LoopPrinter.name(loop)).append(", [");
        for (int i = 0; i < points.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(points.get(i));
        }
        return sb.append("])").toString();
    }
}
