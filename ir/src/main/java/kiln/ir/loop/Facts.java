package kiln.ir.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known at a point of a kernel: the ranges of the enclosing loop variables (from their extents,
 * at each vector width), the let-bound values, and conditions known to hold (from enclosing {@code if}s).
 * Immutable; each {@code with} returns a new instance. {@link Bounds} answers questions against it.
 */
public final class Facts {
    public static final Facts EMPTY = new Facts(Map.of(), Map.of(), List.of(), List.of());

    /** A known upper bound: {@code poly <= bound}. */
    record Upper(Poly poly, long bound) {
    }

    private final Map<Expr.Var, Interval[]> ranges;
    private final Map<Expr.Var, Expr> lets;
    private final List<Expr.Var> loops;
    private final List<Upper> uppers;

    private Facts(Map<Expr.Var, Interval[]> ranges, Map<Expr.Var, Expr> lets, List<Expr.Var> loops,
            List<Upper> uppers) {
        this.ranges = ranges;
        this.lets = lets;
        this.loops = loops;
        this.uppers = uppers;
    }

    /** Inside {@code for v in 0..extent}: v lies in {@code [0, extent - 1]}. */
    public Facts withLoop(Expr.Var v, Expr extent) {
        Interval[] r = new Interval[Expr.Lanes.VECTOR_BITS.size()];
        for (int w = 0; w < r.length; w++) {
            Interval e = Bounds.range(extent, this, w);
            r[w] = e.isEmpty() || e.hi() <= 0 ? Interval.EMPTY
                    : new Interval(0, e.hi() == Interval.POS_INF ? Interval.POS_INF : e.hi() - 1);
        }
        Map<Expr.Var, Interval[]> m = new HashMap<>(ranges);
        m.put(v, r);
        List<Expr.Var> l = new ArrayList<>(loops);
        l.add(v);
        return new Facts(m, lets, List.copyOf(l), uppers);
    }

    /** Inside {@code let v = value}. */
    public Facts withLet(Expr.Var v, Expr value) {
        Map<Expr.Var, Interval[]> m = new HashMap<>(ranges);
        if (v.type().isInteger() || v.type() == ScalarType.BOOL) {
            Interval[] r = new Interval[Expr.Lanes.VECTOR_BITS.size()];
            for (int w = 0; w < r.length; w++) {
                r[w] = Bounds.range(value, this, w);
            }
            m.put(v, r);
        }
        Map<Expr.Var, Expr> l = new HashMap<>(lets);
        l.put(v, value);
        return new Facts(m, l, loops, uppers);
    }

    /**
     * Where {@code cond} holds. Conjunctions are split; integer comparisons are remembered for {@link Bounds},
     * and a bound on a single variable narrows its range.
     */
    public Facts withCondition(Expr cond) {
        if (cond instanceof Expr.Bin b && b.op() == BinOp.AND) {
            return withCondition(b.a()).withCondition(b.b());
        }
        List<Upper> found = uppersOf(cond);
        if (found.isEmpty()) {
            return this;
        }
        Map<Expr.Var, Interval[]> m = new HashMap<>(ranges);
        for (Upper u : found) {
            narrow(m, u);
        }
        List<Upper> all = new ArrayList<>(uppers);
        all.addAll(found);
        return new Facts(m, lets, loops, List.copyOf(all));
    }

    /** {@code a < b}, {@code a <= b}, {@code a == b} and negations of these as upper bounds on polynomials. */
    static List<Upper> uppersOf(Expr cond) {
        if (cond instanceof Expr.Un u && u.op() == UnOp.NOT && u.a() instanceof Expr.Bin b && b.op().isComparison()
                && Poly.applies(b.a().type())) {
            return switch (b.op()) {
                case LT -> List.of(new Upper(Poly.of(b.b()).sub(Poly.of(b.a())), 0));
                case LE -> List.of(new Upper(Poly.of(b.b()).sub(Poly.of(b.a())), -1));
                case NE -> eq(b);
                default -> List.of();
            };
        }
        if (!(cond instanceof Expr.Bin b) || !b.op().isComparison() || !Poly.applies(b.a().type())) {
            return List.of();
        }
        Poly d = Poly.of(b.a()).sub(Poly.of(b.b()));
        return switch (b.op()) {
            case LT -> List.of(new Upper(d, -1));
            case LE -> List.of(new Upper(d, 0));
            case EQ -> eq(b);
            default -> List.of();
        };
    }

    private static List<Upper> eq(Expr.Bin b) {
        Poly d = Poly.of(b.a()).sub(Poly.of(b.b()));
        return List.of(new Upper(d, 0), new Upper(d.scale(-1), 0));
    }

    /**
     * Narrows variable ranges from a bound {@code Σ c·term + k <= u}: for each term that is a variable
     * (times lanes), {@code c·v <= u - k - (the least the other terms can be)}, at each width.
     */
    private void narrow(Map<Expr.Var, Interval[]> m, Upper u) {
        for (var term : u.poly().terms().entrySet()) {
            Expr.Var v = null;
            boolean other = false;
            for (Expr a : term.getKey().atoms()) {
                if (a instanceof Expr.Var x && v == null) {
                    v = x;
                } else if (!(a instanceof Expr.Lanes)) {
                    other = true;
                }
            }
            if (v == null || other || !m.containsKey(v)) {
                continue;
            }
            Poly rest = u.poly().filter((mono, c) -> !mono.equals(term.getKey())).withConstant(0);
            Interval[] old = m.get(v);
            Interval[] r = new Interval[old.length];
            for (int w = 0; w < r.length; w++) {
                r[w] = old[w];
                long c = Bounds.range(Poly.constant(u.poly().type(), term.getValue())
                        .mul(lanesOf(term.getKey(), u.poly().type())), this, w).lo();
                Interval restRange = Bounds.range(rest, this, w);
                if (c == 0 || restRange.isEmpty() || restRange.lo() == Interval.NEG_INF || c == Interval.NEG_INF) {
                    continue;
                }
                long rhs = u.bound() - u.poly().constant() - restRange.lo();
                Interval limit = c > 0 ? new Interval(Interval.NEG_INF, Math.floorDiv(rhs, c))
                        : new Interval(-Math.floorDiv(rhs, -c), Interval.POS_INF);
                r[w] = old[w].intersect(limit);
            }
            m.put(v, r);
        }
    }

    private static Poly lanesOf(Poly.Monomial m, ScalarType t) {
        Poly p = Poly.constant(t, 1);
        for (Expr a : m.atoms()) {
            if (a instanceof Expr.Lanes) {
                p = p.mul(Poly.atom(a));
            }
        }
        return p;
    }

    /** The range of {@code v} at vector width number {@code width}, or null when v is not known here. */
    public Interval range(Expr.Var v, int width) {
        Interval[] r = ranges.get(v);
        return r == null ? null : r[width];
    }

    /** The value a let binds to {@code v}, or null. */
    public Expr letValue(Expr.Var v) {
        return lets.get(v);
    }

    public boolean isLoopVar(Expr.Var v) {
        return loops.contains(v);
    }

    /** The enclosing loop variables, outermost first. */
    public List<Expr.Var> loops() {
        return loops;
    }

    List<Upper> uppers() {
        return uppers;
    }
}
