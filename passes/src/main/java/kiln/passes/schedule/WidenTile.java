package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Poly;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * {@code widen_tile(t)}: the local tile t computes its partial last rows or vectors in full. In each allocation
 * of t, the guards on the tile loops (a split's {@code vo*f + vi < n}) are dropped around statements that write
 * only t — the initialisation and the accumulation — and kept around the write-back, so the tile's extra lanes
 * hold values nobody stores, and a partial vector runs unmasked. Legal when t is accessed at one index,
 * one-to-one in the tile loops (so the extra points never overlap the real ones), the dropped guards depend
 * on those loops and on nothing else bound inside the allocation (so for each iteration outside they split
 * the tile's points into real and extra ones), and every other read under them stays inside its buffer without them
 * (a zero-padded copy sized for whole tiles, see {@link ZeroPad}).
 *
 * <pre>
 * allocate t: f32[8] { for i vectorized { if jo*8 + i &lt; 12 { t[i] = 0.0 } }
 *   for k { for i vectorized { if jo*8 + i &lt; 12 { t[i] = fma(xp[..], w[k], t[i]) } } }
 *   for i vectorized { if jo*8 + i &lt; 12 { out[..] = t[i] } } }
 * --widen_tile(t)--&gt; the same with the first two guards gone
 * </pre>
 */
public record WidenTile(String tile) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        int[] changed = {0};
        Stmt body = rewrite(k, k.body(), Facts.EMPTY, changed);
        if (changed[0] == 0) {
            throw new ScheduleException("widen_tile(" + tile + ") in kernel " + k.name() + ": no guard to drop");
        }
        return new Kernel(k.name(), k.params(), body);
    }

    @Override
    public String text() {
        return "widen_tile(" + LoopPrinter.name(tile) + ")";
    }

    private Stmt rewrite(Kernel k, Stmt s, Facts facts, int[] changed) {
        return switch (s) {
            case Stmt.For f -> new Stmt.For(f.var(), f.extent(), f.kind(),
                    rewrite(k, f.body(), facts.withLoop(f.var(), f.extent()), changed));
            case Stmt.Let l -> new Stmt.Let(l.var(), l.value(), rewrite(k, l.body(), facts.withLet(l.var(), l.value()), changed));
            case Stmt.If i -> new Stmt.If(i.cond(), rewrite(k, i.then(), facts, changed), rewrite(k, i.otherwise(), facts, changed));
            case Stmt.Seq q -> new Stmt.Seq(q.stmts().stream().map(t -> rewrite(k, t, facts, changed)).toList());
            case Stmt.Allocate a when a.buffer().name().equals(tile) -> {
                Stmt widened = widen(k, a, facts);
                changed[0] += widened == a ? 0 : 1;
                yield widened;
            }
            case Stmt.Allocate a -> new Stmt.Allocate(a.buffer(), rewrite(k, a.body(), facts, changed));
            case Stmt.Store st -> st;
        };
    }

    /** The allocation with the guards dropped from its phases that write only the tile. */
    private Stmt widen(Kernel k, Stmt.Allocate a, Facts facts) {
        Buffer t = a.buffer();
        List<Dependence.Access> accesses = new ArrayList<>();
        for (Dependence.Access x : Dependence.accesses(a.body())) {
            if (x.buffer().equals(t)) {
                accesses.add(x);
            }
        }
        // Every access to t at one index (lets substituted), one-to-one in the loops it mentions.
        Poly index = null;
        for (Dependence.Access x : accesses) {
            Poly p = Poly.of(x.index());
            if (index != null && !index.equals(p)) {
                throw error(k, "the tile is accessed at " + LoopPrinter.print(index.toExpr()) + " and at "
                        + LoopPrinter.print(x.index()));
            }
            index = p;
        }
        if (index == null) {
            throw error(k, "the tile is not accessed");
        }
        // Only guards on the loops the tile index moves with: they split the tile's points into real and extra.
        Set<Expr.Var> inside = new java.util.HashSet<>(tileLoops(index.toExpr(), a.body()));
        Set<Expr.Var> others = new java.util.HashSet<>();
        Uses.forEach(a.body(), n -> {
            switch (n) {
                case Stmt.For f -> others.add(f.var());
                case Stmt.Let l -> others.add(l.var());
                default -> {
                }
            }
        }, e -> {
        });
        others.removeAll(inside);
        List<Stmt> phases = a.body() instanceof Stmt.Seq q ? q.stmts() : List.of(a.body());
        List<Stmt> out = new ArrayList<>();
        boolean any = false;
        for (Stmt phase : phases) {
            if (Uses.written(phase).equals(Set.of(t))) {
                Stmt w = dropGuards(k, phase, facts, t, inside, others);
                any |= w != phase;
                out.add(w);
            } else {
                out.add(phase);
            }
        }
        if (!any) {
            return a;
        }
        Dependence.Access one = accesses.getFirst();
        Facts all = facts;
        for (Stmt.For f : loops(a.body())) {
            all = all.withLoop(f.var(), f.extent());
        }
        if (!Dependence.equalOnCollision(one, one, all).containsAll(tileLoops(one.index(), a.body()))) {
            throw error(k, "the tile index " + LoopPrinter.print(one.index()) + " is not one-to-one in its loops");
        }
        return new Stmt.Allocate(t, out.size() == 1 ? out.getFirst() : new Stmt.Seq(out));
    }

    /** {@code s} without its guards on loops inside the allocation, checking that every read stays in bounds. */
    private Stmt dropGuards(Kernel k, Stmt s, Facts facts, Buffer t, Set<Expr.Var> inside, Set<Expr.Var> others) {
        return switch (s) {
            case Stmt.For f -> {
                Stmt b = dropGuards(k, f.body(), facts.withLoop(f.var(), f.extent()), t, inside, others);
                yield b == f.body() ? f : new Stmt.For(f.var(), f.extent(), f.kind(), b);
            }
            case Stmt.Let l -> {
                Stmt b = dropGuards(k, l.body(), facts.withLet(l.var(), l.value()), t, inside, others);
                yield b == l.body() ? l : new Stmt.Let(l.var(), l.value(), b);
            }
            case Stmt.If i when i.otherwise() instanceof Stmt.Seq none && none.stmts().isEmpty()
                    && Uses.vars(i.cond()).stream().anyMatch(inside::contains)
                    && Uses.vars(i.cond()).stream().noneMatch(others::contains) -> {
                yield dropGuards(k, i.then(), facts, t, inside, others);
            }
            case Stmt.If i -> {
                Stmt a = dropGuards(k, i.then(), facts.withCondition(i.cond()), t, inside, others);
                Stmt b = dropGuards(k, i.otherwise(), facts, t, inside, others);
                yield a == i.then() && b == i.otherwise() ? i : new Stmt.If(i.cond(), a, b);
            }
            case Stmt.Seq q -> {
                List<Stmt> out = q.stmts().stream().map(x -> dropGuards(k, x, facts, t, inside, others)).toList();
                yield out.equals(q.stmts()) ? q : new Stmt.Seq(out);
            }
            case Stmt.Allocate al -> {
                Stmt b = dropGuards(k, al.body(), facts, t, inside, others);
                yield b == al.body() ? al : new Stmt.Allocate(al.buffer(), b);
            }
            case Stmt.Store st -> {
                checkInBounds(k, st.index(), st.buffer(), facts);
                for (Expr.Load l : Uses.loads(st.value())) {
                    checkInBounds(k, l.index(), l.buffer(), facts);
                }
                yield st;
            }
        };
    }

    private void checkInBounds(Kernel k, Expr index, Buffer b, Facts facts) {
        Interval r = Bounds.range(index, facts);
        if (r.isEmpty() || r.lo() < 0 || r.hi() >= b.size()) {
            throw error(k, "without its guard, " + b.name() + "[" + LoopPrinter.print(index) + "] may leave 0.." + b.size());
        }
    }

    private static List<Stmt.For> loops(Stmt s) {
        List<Stmt.For> out = new ArrayList<>();
        java.util.Set<Expr.Var> seen = new java.util.HashSet<>();
        Uses.forEach(s, n -> {
            if (n instanceof Stmt.For f && seen.add(f.var())) {
                out.add(f);
            }
        }, e -> {
        });
        return out;
    }

    /** The loops of {@code s} that the index mentions. */
    private static List<Expr.Var> tileLoops(Expr index, Stmt s) {
        List<Expr.Var> out = new ArrayList<>();
        for (Stmt.For f : loops(s)) {
            if (Uses.mentions(index, f.var())) {
                out.add(f.var());
            }
        }
        return out;
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("widen_tile(" + tile + ") in kernel " + k.name() + ": " + what);
    }
}
