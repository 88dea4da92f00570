package kiln.passes.loop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.FactMutator;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * Hoists loads that do not change within a loop out of it, into a let just outside: one load instead of
 * one per iteration, and in a vectorized loop a broadcast instead of a gather. Repeated inner to outer, so
 * a load moves out of every loop it does not depend on. A load moves only when nothing in the loop writes
 * its buffer, its index uses nothing bound inside the loop, and running it before the loop is safe: its
 * index is provably within the buffer, or it runs unconditionally in every iteration of a loop that runs
 * at least once. Loads are the only thing hoisted: index arithmetic is cheap and the code generator's
 * compiler hoists it; lets of hoisted loads move along with them.
 *
 * <pre>
 * for k { for ji in 0..lanes(f32) vectorized { acc[ji] = fma(a[i*n + k], b[k*m + ji], acc[ji]) } }
 * --&gt; for k { let a_ji = a[i*n + k] { for ji ... { acc[ji] = fma(a_ji, b[k*m + ji], acc[ji]) } } }
 * </pre>
 */
public final class HoistInvariants implements LoopPass {
    public static final HoistInvariants INSTANCE = new HoistInvariants();

    private HoistInvariants() {
    }

    @Override
    public String name() {
        return "hoist-invariants";
    }

    @Override
    public Kernel run(Kernel k) {
        Kernel out = new Walk(Uses.names(k)).mutate(k);
        return out == k ? k : Simplify.kernel(out);
    }

    private static final class Walk extends FactMutator {
        private final Set<String> names;

        Walk(Set<String> names) {
            this.names = new HashSet<>(names);
        }

        @Override
        protected Stmt visit(Stmt.For s) {
            Facts outer = facts;
            facts = facts.withLoop(s.var(), s.extent());
            Stmt.For inner = (Stmt.For) super.visit(s);
            facts = outer;
            Interval extent = Bounds.range(inner.extent(), outer);
            if (extent.isPoint() && extent.lo() <= 1) {
                return inner;
            }
            boolean runsOnce = !extent.isEmpty() && extent.lo() >= 1;
            Set<Buffer> written = Uses.written(inner.body());
            Set<Expr.Var> boundInside = Uses.bound(inner);
            Map<Expr.Load, Expr.Var> hoisted = new LinkedHashMap<>();
            collect(inner.body(), runsOnce, written, boundInside, outer, hoisted, inner.var());
            if (hoisted.isEmpty()) {
                return inner;
            }
            Stmt body = new Mutator() {
                @Override
                protected Expr visit(Expr.Load e) {
                    Expr.Var v = hoisted.get(e);
                    return v != null ? v : super.visit(e);
                }
            }.mutate(inner.body());
            Stmt out = new Stmt.For(inner.var(), inner.extent(), inner.kind(), body);
            List<Map.Entry<Expr.Load, Expr.Var>> lets = new ArrayList<>(hoisted.entrySet());
            for (int i = lets.size() - 1; i >= 0; i--) {
                out = new Stmt.Let(lets.get(i).getValue(), lets.get(i).getKey(), out);
            }
            return out;
        }

        /** Finds hoistable loads in statement s; {@code always} when s runs in every iteration. */
        private void collect(Stmt s, boolean always, Set<Buffer> written, Set<Expr.Var> boundInside, Facts outer,
                Map<Expr.Load, Expr.Var> out, Expr.Var loop) {
            switch (s) {
                case Stmt.For f -> {
                    exprs(f.extent(), always, written, boundInside, outer, out, loop);
                    Interval n = Bounds.range(f.extent(), outer);
                    collect(f.body(), always && !n.isEmpty() && n.lo() >= 1, written, boundInside, outer, out, loop);
                }
                case Stmt.Store st -> {
                    exprs(st.index(), always, written, boundInside, outer, out, loop);
                    exprs(st.value(), always, written, boundInside, outer, out, loop);
                }
                case Stmt.Seq q -> q.stmts().forEach(c -> collect(c, always, written, boundInside, outer, out, loop));
                case Stmt.If i -> {
                    exprs(i.cond(), always, written, boundInside, outer, out, loop);
                    collect(i.then(), false, written, boundInside, outer, out, loop);
                    collect(i.otherwise(), false, written, boundInside, outer, out, loop);
                }
                case Stmt.Let l -> {
                    exprs(l.value(), always, written, boundInside, outer, out, loop);
                    collect(l.body(), always, written, boundInside, outer, out, loop);
                }
                case Stmt.Allocate a -> collect(a.body(), always, written, boundInside, outer, out, loop);
            }
        }

        private void exprs(Expr e, boolean always, Set<Buffer> written, Set<Expr.Var> boundInside, Facts outer,
                Map<Expr.Load, Expr.Var> out, Expr.Var loop) {
            switch (e) {
                case Expr.Load l -> {
                    if (!written.contains(l.buffer()) && l.buffer().scope() == Buffer.Scope.GLOBAL
                            && Uses.vars(l.index()).stream().noneMatch(boundInside::contains)
                            && (always || inBounds(l, outer))) {
                        out.computeIfAbsent(l, x -> fresh(l.buffer().name() + "_" + loop.name(), l.type()));
                    } else {
                        exprs(l.index(), always, written, boundInside, outer, out, loop);
                    }
                }
                case Expr.Bin b -> {
                    exprs(b.a(), always, written, boundInside, outer, out, loop);
                    // The right operand of && and || runs only sometimes.
                    boolean lazy = b.op() == BinOp.AND || b.op() == BinOp.OR;
                    exprs(b.b(), always && !lazy, written, boundInside, outer, out, loop);
                }
                case Expr.Select sel -> {
                    exprs(sel.cond(), always, written, boundInside, outer, out, loop);
                    exprs(sel.a(), false, written, boundInside, outer, out, loop);
                    exprs(sel.b(), false, written, boundInside, outer, out, loop);
                }
                case Expr.Un u -> exprs(u.a(), always, written, boundInside, outer, out, loop);
                case Expr.Fma f -> {
                    exprs(f.a(), always, written, boundInside, outer, out, loop);
                    exprs(f.b(), always, written, boundInside, outer, out, loop);
                    exprs(f.c(), always, written, boundInside, outer, out, loop);
                }
                case Expr.Convert c -> exprs(c.a(), always, written, boundInside, outer, out, loop);
                case Expr.IntImm n -> {
                }
                case Expr.FloatImm n -> {
                }
                case Expr.Var v -> {
                }
                case Expr.Lanes n -> {
                }
            }
        }

        private static boolean inBounds(Expr.Load l, Facts outer) {
            Interval r = Bounds.range(l.index(), outer);
            return !r.isEmpty() && r.lo() >= 0 && r.hi() < l.buffer().size();
        }

        private Expr.Var fresh(String base, kiln.ir.loop.ScalarType t) {
            String n = Uses.fresh(base, names);
            names.add(n);
            return new Expr.Var(n, t);
        }
    }
}
