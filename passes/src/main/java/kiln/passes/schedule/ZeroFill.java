package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * {@code zero_fill(x)}: a guard that varies across the lanes of a vectorized loop, around accumulations that read
 * x, becomes a read of zero where it fails:
 *
 * <pre>
 * for j vectorized { let h = j + k - 1 { if 0 &lt;= h { acc[j] = fma(x[r*28 + h], w, acc[j]) } } }
 * --zero_fill(x)--&gt;
 * for j vectorized { let h = j + k - 1 { acc[j] = fma(select(0 &lt;= h, x[r*28 + h], 0.0), w, acc[j]) } }
 * </pre>
 *
 * The read itself keeps the guard (a select reads only the arm it takes, and vector code reads x under the lane
 * mask, zero in the lanes that are off), so no read leaves x; what goes is the blend of the accumulator under
 * the mask. A guard (or those of its conjuncts that qualify, the others staying a branch) goes when it has no
 * else branch, its condition mentions only lets that vary with a vectorized loop and that every read of x under it
 * is indexed by (coordinates of x, as in {@link ZeroPad}), every store it guards accumulates
 * {@code acc = fma(x[..], w, acc)} with one read of x, and no other read under it depends on the guard's lets:
 * adding 0·w is exact for finite w, for the reason {@link ZeroPad} gives. Guards the same for all lanes (a row of
 * a plane) stay branches, which skip the work.
 */
public record ZeroFill(String buffer) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        Buffer x = null;
        for (Buffer b : Uses.read(k.body())) {
            if (b.name().equals(buffer)) {
                x = b;
            }
        }
        if (x == null || Uses.written(k.body()).contains(x)) {
            throw error(k, "no read-only buffer " + buffer + " in the kernel");
        }
        int[] changed = {0};
        Stmt body = rewrite(k.body(), x, Set.of(), changed);
        if (changed[0] == 0) {
            throw error(k, "no guard around reads of " + buffer + " varies across lanes");
        }
        return new Kernel(k.name(), k.params(), body);
    }

    @Override
    public String text() {
        return "zero_fill(" + LoopPrinter.name(buffer) + ")";
    }

    /** {@code s} rewritten; {@code lanes} holds the vectorized loops and the lets that vary with them. */
    private Stmt rewrite(Stmt s, Buffer x, Set<Expr.Var> lanes, int[] changed) {
        return switch (s) {
            case Stmt.For f -> {
                Set<Expr.Var> inner = lanes;
                if (f.kind() == LoopKind.VECTORIZED) {
                    inner = new HashSet<>(lanes);
                    inner.add(f.var());
                }
                yield new Stmt.For(f.var(), f.extent(), f.kind(), rewrite(f.body(), x, inner, changed));
            }
            case Stmt.Let l -> {
                Set<Expr.Var> inner = lanes;
                if (Uses.vars(l.value()).stream().anyMatch(lanes::contains)) {
                    inner = new HashSet<>(lanes);
                    inner.add(l.var());
                }
                yield new Stmt.Let(l.var(), l.value(), rewrite(l.body(), x, inner, changed));
            }
            case Stmt.If i -> {
                Stmt then = rewrite(i.then(), x, lanes, changed);
                Stmt otherwise = rewrite(i.otherwise(), x, lanes, changed);
                if (!(otherwise instanceof Stmt.Seq none && none.stmts().isEmpty())) {
                    yield new Stmt.If(i.cond(), then, otherwise);
                }
                // The conjuncts that can become zero reads do; the others stay a branch around them.
                List<Expr> filled = new ArrayList<>();
                List<Expr> kept = new ArrayList<>();
                for (Expr c : conjuncts(i.cond())) {
                    (fills(c, then, x, lanes) ? filled : kept).add(c);
                }
                if (filled.isEmpty()) {
                    yield new Stmt.If(i.cond(), then, otherwise);
                }
                changed[0]++;
                Stmt body = fill(then, and(filled), x);
                yield kept.isEmpty() ? body : new Stmt.If(and(kept), body, otherwise);
            }
            case Stmt.Seq q -> new Stmt.Seq(q.stmts().stream().map(t -> rewrite(t, x, lanes, changed)).toList());
            case Stmt.Allocate a -> new Stmt.Allocate(a.buffer(), rewrite(a.body(), x, lanes, changed));
            case Stmt.Store st -> st;
        };
    }

    /**
     * The guard {@code cond} around {@code body} can become zero reads: it mentions only lets that vary across
     * lanes and index every read of x in the body, every store in the body accumulates one such read, and nothing
     * else in the body reads at an index the guard decides (it would run unguarded).
     */
    private static boolean fills(Expr cond, Stmt body, Buffer x, Set<Expr.Var> lanes) {
        Set<Expr.Var> vars = Uses.vars(cond);
        if (vars.isEmpty() || !lanes.containsAll(vars)) {
            return false;
        }
        boolean[] ok = {true};
        int[] reads = {0, 0};
        Uses.forEach(body, n -> {
            if (n instanceof Stmt.Store st) {
                Expr.Load acc = new Expr.Load(st.buffer(), st.index());
                boolean accumulates = st.buffer() != x && st.value() instanceof Expr.Fma f && f.c().equals(acc)
                        && (readOf(f.a(), x, vars) || readOf(f.b(), x, vars));
                ok[0] &= accumulates;
                reads[0]++;
            }
        }, e -> {
            if (e instanceof Expr.Load l) {
                if (l.buffer().equals(x)) {
                    reads[1]++;
                } else if (Uses.vars(l.index()).stream().anyMatch(vars::contains)) {
                    ok[0] = false;
                }
            }
        });
        // One read of x per store: the one each accumulates, and no other.
        return ok[0] && reads[0] > 0 && reads[0] == reads[1];
    }

    private static List<Expr> conjuncts(Expr c) {
        if (c instanceof Expr.Bin b && b.op() == BinOp.AND && b.type() == ScalarType.BOOL) {
            List<Expr> out = new ArrayList<>(conjuncts(b.a()));
            out.addAll(conjuncts(b.b()));
            return out;
        }
        return List.of(c);
    }

    private static Expr and(List<Expr> cs) {
        Expr out = cs.getFirst();
        for (Expr c : cs.subList(1, cs.size())) {
            out = new Expr.Bin(BinOp.AND, out, c);
        }
        return out;
    }

    /** {@code e} reads x (or zero, already filled) at an index that mentions every one of {@code coords}. */
    private static boolean readOf(Expr e, Buffer x, Set<Expr.Var> coords) {
        if (e instanceof Expr.Select s && s.b() instanceof Expr.FloatImm zero && zero.value() == 0) {
            e = s.a();
        }
        return e instanceof Expr.Load l && l.buffer().equals(x) && Uses.vars(l.index()).containsAll(coords);
    }

    /** The body with its reads of x under {@code cond}. */
    private static Stmt fill(Stmt body, Expr cond, Buffer x) {
        return switch (body) {
            case Stmt.Let l -> new Stmt.Let(l.var(), l.value(), fill(l.body(), cond, x));
            case Stmt.Seq q -> new Stmt.Seq(q.stmts().stream().map(t -> fill(t, cond, x)).toList());
            case Stmt.Allocate a -> new Stmt.Allocate(a.buffer(), fill(a.body(), cond, x));
            case Stmt.Store st -> {
                Expr.Fma f = (Expr.Fma) st.value();
                boolean first = readOf(f.a(), x, Set.of()) && !(f.b() instanceof Expr.Load l && l.buffer().equals(x));
                Expr read = first ? f.a() : f.b();
                yield new Stmt.Store(st.buffer(), st.index(), first ? new Expr.Fma(filled(read, cond, x), f.b(), f.c())
                        : new Expr.Fma(f.a(), filled(read, cond, x), f.c()));
            }
            case Stmt.For f -> new Stmt.For(f.var(), f.extent(), f.kind(), fill(f.body(), cond, x));
            case Stmt.If i -> new Stmt.If(i.cond(), fill(i.then(), cond, x), fill(i.otherwise(), cond, x));
        };
    }

    private static Expr filled(Expr read, Expr cond, Buffer x) {
        Expr zero = new Expr.FloatImm(x.type(), 0);
        if (read instanceof Expr.Select s) {
            return new Expr.Select(new Expr.Bin(BinOp.AND, cond, s.cond()), s.a(), zero);
        }
        return new Expr.Select(cond, read, zero);
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("zero_fill(" + buffer + ") in kernel " + k.name() + ": " + what);
    }
}
