package kiln.ir.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Interval analysis: the range of an integer or boolean expression given what {@link Facts} knows
 * (loop extents, lets, guards). Booleans range over 0 and 1.
 *
 * <p>Lanes differ between machines, so every question is answered once per vector width in
 * {@link Expr.Lanes#VECTOR_BITS}, with lanes a known constant; a claim holds only if it holds at every
 * width. Sums are evaluated on their {@link Poly} form with lanes folded in, so an affine expression over
 * distinct loop variables gets its exact range ({@code jo*lanes + ji} with {@code jo < n/lanes},
 * {@code ji < lanes} is exactly {@code [0, n-1]}).
 */
public final class Bounds {
    private Bounds() {
    }

    public static int widths() {
        return Expr.Lanes.VECTOR_BITS.size();
    }

    /** The range of {@code e} at the vector width numbered {@code width} in {@link Expr.Lanes#VECTOR_BITS}. */
    public static Interval range(Expr e, Facts f, int width) {
        if (Poly.applies(e.type()) && isArith(e)) {
            return polyRange(Poly.of(e), f, width);
        }
        return atomRange(e, f, width);
    }

    /** The range of {@code e} over all vector widths. */
    public static Interval range(Expr e, Facts f) {
        Interval r = Interval.EMPTY;
        for (int w = 0; w < widths(); w++) {
            r = r.union(range(e, f, w));
        }
        return r;
    }

    /** The range of the polynomial at one width. */
    public static Interval range(Poly p, Facts f, int width) {
        return polyRange(p, f, width);
    }

    /** True when the boolean {@code cond} holds at every point the facts allow, at every width. */
    public static boolean proveTrue(Expr cond, Facts f) {
        for (int w = 0; w < widths(); w++) {
            Interval r = range(cond, f, w);
            if (!r.isEmpty() && r.lo() < 1) {
                return implied(cond, f);
            }
        }
        return true;
    }

    public static boolean proveFalse(Expr cond, Facts f) {
        return proveTrue(new Expr.Un(UnOp.NOT, cond), f);
    }

    /** The value of {@code e} when it is one constant at every point and every width. */
    public static OptionalLong constant(Expr e, Facts f) {
        Long v = null;
        for (int w = 0; w < widths(); w++) {
            Interval r = range(e, f, w);
            if (!r.isPoint() || (v != null && v != r.lo())) {
                return OptionalLong.empty();
            }
            v = r.lo();
        }
        return OptionalLong.of(v);
    }

    private static boolean isArith(Expr e) {
        return switch (e) {
            case Expr.Bin b -> b.op() == BinOp.ADD || b.op() == BinOp.SUB || b.op() == BinOp.MUL;
            case Expr.Un u -> u.op() == UnOp.NEG;
            default -> false;
        };
    }

    private static Interval polyRange(Poly p, Facts f, int width) {
        // Fold lanes into the coefficients first, so that jo*lanes and jo are one variable's terms.
        int bits = Expr.Lanes.VECTOR_BITS.get(width);
        Map<Poly.Monomial, Long> folded = new TreeMap<>(java.util.Comparator.comparing(Poly.Monomial::key));
        long constant = p.constant();
        for (var t : p.terms().entrySet()) {
            long c = t.getValue();
            List<Expr> rest = new ArrayList<>();
            for (Expr a : t.getKey().atoms()) {
                if (a instanceof Expr.Lanes l) {
                    c *= l.count(bits);
                } else {
                    rest.add(a);
                }
            }
            if (rest.isEmpty()) {
                constant += c;
            } else {
                folded.merge(Poly.Monomial.of(rest), c, Long::sum);
            }
        }
        Interval r = Interval.point(Poly.wrap(p.type(), constant));
        // A guard bounding a sum of several terms (jo*lanes + ji < n) bounds that sum where it appears; guards
        // on the sum and on its negation together bound it from both sides.
        Map<Poly, Interval> sums = new java.util.LinkedHashMap<>();
        for (Facts.Upper u : f.uppers()) {
            if (u.poly().terms().size() < 2) {
                continue;
            }
            Poly terms = u.poly().withConstant(0);
            long limit = u.bound() - u.poly().constant();
            boolean flip = terms.terms().values().iterator().next() < 0;
            Poly key = flip ? terms.scale(-1) : terms;
            Interval known = flip ? new Interval(limit == Interval.NEG_INF ? Interval.POS_INF : -limit, Interval.POS_INF)
                    : new Interval(Interval.NEG_INF, limit);
            sums.merge(key, known, Interval::intersect);
        }
        for (var e : sums.entrySet()) {
            Poly u = e.getKey();
            Long k = multipleOf(folded, u, bits);
            if (k == null) {
                continue;
            }
            Interval plain = Interval.point(0);
            for (var t : u.terms().entrySet()) {
                Interval term = Interval.point(t.getValue() * lanesFactor(t.getKey(), bits));
                for (Expr a : t.getKey().atoms()) {
                    if (!(a instanceof Expr.Lanes)) {
                        term = term.mul(atomRange(a, f, width));
                    }
                }
                plain = plain.add(term);
            }
            Interval sum = plain.intersect(e.getValue());
            if (sum.isEmpty()) {
                return Interval.EMPTY;
            }
            r = r.add(sum.mul(Interval.point(k)));
            for (var t : u.terms().entrySet()) {
                Poly.Monomial m = withoutLanes(t.getKey());
                folded.merge(m, -k * t.getValue() * lanesFactor(t.getKey(), bits), Long::sum);
                if (folded.get(m) == 0) {
                    folded.remove(m);
                }
            }
        }
        for (var t : folded.entrySet()) {
            Interval term = Interval.point(t.getValue());
            for (Expr a : t.getKey().atoms()) {
                term = term.mul(atomRange(a, f, width));
            }
            r = r.add(term);
        }
        return clampToType(r, p.type());
    }

    /** The nonzero k with {@code folded} containing k times each term of {@code u} (lanes folded in), or null. */
    private static Long multipleOf(Map<Poly.Monomial, Long> folded, Poly u, int bits) {
        Long k = null;
        for (var t : u.terms().entrySet()) {
            long want = t.getValue() * lanesFactor(t.getKey(), bits);
            Long have = folded.get(withoutLanes(t.getKey()));
            if (have == null || want == 0 || have % want != 0) {
                return null;
            }
            long q = have / want;
            if (q == 0 || (k != null && k != q)) {
                return null;
            }
            k = q;
        }
        return k;
    }

    private static long lanesFactor(Poly.Monomial m, int bits) {
        long c = 1;
        for (Expr a : m.atoms()) {
            if (a instanceof Expr.Lanes l) {
                c *= l.count(bits);
            }
        }
        return c;
    }

    private static Poly.Monomial withoutLanes(Poly.Monomial m) {
        List<Expr> rest = new ArrayList<>();
        for (Expr a : m.atoms()) {
            if (!(a instanceof Expr.Lanes)) {
                rest.add(a);
            }
        }
        return Poly.Monomial.of(rest);
    }

    /** A range that does not fit the type may wrap around: then all we know is the type's range. */
    private static Interval clampToType(Interval r, ScalarType t) {
        Interval all = Interval.of(t);
        return all.contains(r) ? r : all;
    }

    private static Interval atomRange(Expr e, Facts f, int width) {
        return switch (e) {
            case Expr.IntImm n -> Interval.point(n.value());
            case Expr.FloatImm n -> Interval.ALL;
            case Expr.Var v -> {
                Interval r = f.range(v, width);
                yield r != null ? r : Interval.of(v.type());
            }
            case Expr.Lanes l -> Interval.point(l.count(Expr.Lanes.VECTOR_BITS.get(width)));
            case Expr.Load l -> Interval.of(l.type());
            case Expr.Bin b -> binRange(b, f, width);
            case Expr.Un u -> unRange(u, f, width);
            case Expr.Fma n -> Interval.ALL;
            case Expr.Select s -> {
                Interval c = range(s.cond(), f, width);
                if (c.isPoint()) {
                    yield range(c.lo() != 0 ? s.a() : s.b(), f, width);
                }
                yield range(s.a(), f, width).union(range(s.b(), f, width));
            }
            case Expr.Convert c -> {
                if (c.type().isFloat()) {
                    yield Interval.ALL;
                }
                if (c.type() == ScalarType.BOOL) {
                    Interval a = range(c.a(), f, width);
                    yield a.isPoint() && c.a().type() != ScalarType.F32 && c.a().type() != ScalarType.F64
                            ? Interval.point(a.lo() != 0 ? 1 : 0) : Interval.BOOL;
                }
                if (c.a().type().isFloat()) {
                    yield Interval.of(c.type());
                }
                Interval a = range(c.a(), f, width);
                yield Interval.of(c.type()).contains(a) ? a : Interval.of(c.type());
            }
        };
    }

    private static Interval binRange(Expr.Bin b, Facts f, int width) {
        ScalarType t = b.a().type();
        if (b.op().isComparison()) {
            if (!Poly.applies(t) && !(t == ScalarType.I8 || t == ScalarType.BOOL)) {
                return Interval.BOOL;
            }
            Interval d = Poly.applies(t) ? polyRange(Poly.of(b.a()).sub(Poly.of(b.b())), f, width)
                    : range(b.a(), f, width).sub(range(b.b(), f, width));
            if (d.isEmpty()) {
                return Interval.EMPTY;
            }
            return switch (b.op()) {
                case LT -> d.hi() < 0 ? Interval.point(1) : d.lo() >= 0 ? Interval.point(0) : Interval.BOOL;
                case LE -> d.hi() <= 0 ? Interval.point(1) : d.lo() > 0 ? Interval.point(0) : Interval.BOOL;
                case EQ -> d.isPoint() && d.lo() == 0 ? Interval.point(1) : !d.contains(0) ? Interval.point(0)
                        : Interval.BOOL;
                case NE -> d.isPoint() && d.lo() == 0 ? Interval.point(0) : !d.contains(0) ? Interval.point(1)
                        : Interval.BOOL;
                default -> throw new AssertionError(b.op());
            };
        }
        if (t.isFloat()) {
            return Interval.ALL;
        }
        Interval a = range(b.a(), f, width);
        Interval c = range(b.b(), f, width);
        Interval r = switch (b.op()) {
            case ADD -> a.add(c);
            case SUB -> a.sub(c);
            case MUL -> a.mul(c);
            case DIV -> a.lo() >= 0 && c.lo() > 0 ? a.floorDiv(c) : truncDiv(a, c);
            case FLOORDIV -> a.floorDiv(c);
            case MOD -> a.floorMod(c);
            case MIN -> a.min(c);
            case MAX -> a.max(c);
            case POW -> Interval.ALL;
            case AND -> t != ScalarType.BOOL ? Interval.of(t) : a.isEmpty() || c.isEmpty() ? Interval.EMPTY
                    : Interval.of(Math.min(a.lo(), c.lo()) > 0 ? 1 : 0, Math.min(a.hi(), c.hi()) > 0 ? 1 : 0);
            case OR -> t != ScalarType.BOOL ? Interval.of(t) : a.isEmpty() || c.isEmpty() ? Interval.EMPTY
                    : Interval.of(Math.max(a.lo(), c.lo()) > 0 ? 1 : 0, Math.max(a.hi(), c.hi()) > 0 ? 1 : 0);
            case LT, LE, EQ, NE -> throw new AssertionError(b.op());
        };
        return clampToType(r, b.type());
    }

    /** Division truncating toward zero: between the floor quotients of the magnitudes, with either sign. */
    private static Interval truncDiv(Interval a, Interval c) {
        if (c.lo() <= 0 && c.hi() >= 0) {
            return Interval.ALL;
        }
        Interval fl = a.floorDiv(c);
        return fl.isEmpty() ? fl : fl.union(fl.add(Interval.point(1)));
    }

    private static Interval unRange(Expr.Un u, Facts f, int width) {
        Interval a = range(u.a(), f, width);
        return switch (u.op()) {
            case NEG -> clampToType(a.negate(), u.type());
            case ABS -> {
                if (a.isEmpty()) {
                    yield a;
                }
                Interval r = a.lo() >= 0 ? a : a.hi() <= 0 ? a.negate() : Interval.of(0, Math.max(a.negate().hi(), a.hi()));
                yield clampToType(r, u.type());
            }
            case NOT -> a.isEmpty() ? a : a.isPoint() ? Interval.point(a.lo() != 0 ? 0 : 1) : Interval.BOOL;
            case EXP, LOG, SQRT, TANH, ERF, SIN, COS, FLOOR, CEIL, RINT -> Interval.ALL;
        };
    }

    /** Whether a comparison follows from a guard remembered in the facts, at any width. */
    private static boolean implied(Expr cond, Facts f) {
        for (Facts.Upper want : Facts.uppersOf(cond)) {
            boolean ok = false;
            for (Facts.Upper have : f.uppers()) {
                Poly diff = want.poly().sub(have.poly());
                if (diff.isConstant() && have.bound() + diff.constant() <= want.bound()) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return !Facts.uppersOf(cond).isEmpty();
    }
}
