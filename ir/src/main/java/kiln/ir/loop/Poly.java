package kiln.ir.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An integer expression in canonical form: {@code Σ coefficient·monomial + constant}, where a monomial
 * is a product of atoms. Atoms are variables, {@link Expr.Lanes} and any integer expression that is not
 * a sum, difference, product or negation (a load, a floor division, a min ...), which stay opaque. This
 * is the affine form of index arithmetic ({@code i*64 + j*8 + k + 3}), with lanes as a symbol so that
 * {@code jo*lanes(f32) + ji} stays exact.
 *
 * <p>Arithmetic is modulo 2^32 for i32 and 2^64 for i64, as the generated code's is, so ring identities
 * hold exactly. Only i32 and i64 expressions have polynomials.
 */
public final class Poly {

    /** A product of atoms in canonical order; {@code key} is its text, for ordering and equality. */
    public record Monomial(List<Expr> atoms, String key) {
        static Monomial of(List<Expr> atoms) {
            List<Expr> sorted = new ArrayList<>(atoms);
            // Variables first, lanes last, so that a term reads jo*lanes(f32)*2.
            sorted.sort(Comparator.<Expr, Boolean>comparing(a -> a instanceof Expr.Lanes).thenComparing(LoopPrinter::print));
            StringBuilder key = new StringBuilder();
            for (Expr a : sorted) {
                key.append(key.isEmpty() ? "" : "*").append(LoopPrinter.print(a));
            }
            return new Monomial(List.copyOf(sorted), key.toString());
        }

        public int degree() {
            return atoms.size();
        }

        Monomial times(Monomial o) {
            List<Expr> all = new ArrayList<>(atoms);
            all.addAll(o.atoms);
            return of(all);
        }
    }

    private static final Comparator<Monomial> ORDER = Comparator.comparing(Monomial::key);

    private final ScalarType type;
    private final TreeMap<Monomial, Long> terms;
    private final long constant;

    private Poly(ScalarType type, TreeMap<Monomial, Long> terms, long constant) {
        this.type = type;
        this.terms = terms;
        this.constant = wrap(type, constant);
    }

    public static boolean applies(ScalarType t) {
        return t == ScalarType.I32 || t == ScalarType.I64;
    }

    public static Poly constant(ScalarType type, long c) {
        return new Poly(type, new TreeMap<>(ORDER), c);
    }

    /** The polynomial of one opaque atom. */
    public static Poly atom(Expr e) {
        TreeMap<Monomial, Long> t = new TreeMap<>(ORDER);
        t.put(Monomial.of(List.of(e)), 1L);
        return new Poly(e.type(), t, 0);
    }

    /** The canonical form of an i32 or i64 expression; its sub-expressions inside atoms are kept as they are. */
    public static Poly of(Expr e) {
        if (!applies(e.type())) {
            throw new IllegalArgumentException("no polynomial for " + e.type() + " expression " + LoopPrinter.print(e));
        }
        return switch (e) {
            case Expr.IntImm n -> constant(n.type(), n.value());
            case Expr.Bin n when n.op() == BinOp.ADD -> of(n.a()).add(of(n.b()));
            case Expr.Bin n when n.op() == BinOp.SUB -> of(n.a()).sub(of(n.b()));
            case Expr.Bin n when n.op() == BinOp.MUL -> of(n.a()).mul(of(n.b()));
            case Expr.Un n when n.op() == UnOp.NEG -> of(n.a()).scale(-1);
            default -> atom(e);
        };
    }

    public ScalarType type() {
        return type;
    }

    public long constant() {
        return constant;
    }

    public boolean isConstant() {
        return terms.isEmpty();
    }

    /** The non-constant terms, in canonical order. */
    public Map<Monomial, Long> terms() {
        return Collections.unmodifiableMap(terms);
    }

    /** The coefficient of the monomial that is {@code v} alone (0 when absent). */
    public long coefficient(Expr.Var v) {
        return terms.getOrDefault(Monomial.of(List.of(v)), 0L);
    }

    /** True when some term mentions {@code v}, also inside an opaque atom. */
    public boolean mentions(Expr.Var v) {
        for (Monomial m : terms.keySet()) {
            for (Expr a : m.atoms()) {
                if (Uses.mentions(a, v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when {@code v} appears only as the degree-one term {@code c·v}: the form is affine in v. */
    public boolean isLinearIn(Expr.Var v) {
        Monomial alone = Monomial.of(List.of(v));
        for (Monomial m : terms.keySet()) {
            if (!m.equals(alone)) {
                for (Expr a : m.atoms()) {
                    if (Uses.mentions(a, v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public Poly add(Poly o) {
        TreeMap<Monomial, Long> t = new TreeMap<>(terms);
        o.terms.forEach((m, c) -> put(t, m, t.getOrDefault(m, 0L) + c));
        return new Poly(type, t, constant + o.constant);
    }

    public Poly sub(Poly o) {
        return add(o.scale(-1));
    }

    public Poly add(long c) {
        return new Poly(type, terms, constant + c);
    }

    public Poly scale(long k) {
        TreeMap<Monomial, Long> t = new TreeMap<>(ORDER);
        terms.forEach((m, c) -> put(t, m, c * k));
        return new Poly(type, t, constant * k);
    }

    public Poly mul(Poly o) {
        Poly r = o.scale(constant);
        for (Map.Entry<Monomial, Long> e : terms.entrySet()) {
            TreeMap<Monomial, Long> t = new TreeMap<>(ORDER);
            put(t, e.getKey(), e.getValue() * o.constant);
            for (Map.Entry<Monomial, Long> f : o.terms.entrySet()) {
                Monomial m = e.getKey().times(f.getKey());
                put(t, m, t.getOrDefault(m, 0L) + e.getValue() * f.getValue());
            }
            r = r.add(new Poly(type, t, 0));
        }
        return r;
    }

    /** This polynomial without the terms for which {@code keep} is false (the constant stays). */
    public Poly filter(java.util.function.BiPredicate<Monomial, Long> keep) {
        TreeMap<Monomial, Long> t = new TreeMap<>(ORDER);
        terms.forEach((m, c) -> {
            if (keep.test(m, c)) {
                t.put(m, c);
            }
        });
        return new Poly(type, t, constant);
    }

    public Poly withConstant(long c) {
        return new Poly(type, terms, c);
    }

    private void put(TreeMap<Monomial, Long> t, Monomial m, long c) {
        long w = wrap(type, c);
        if (w == 0) {
            t.remove(m);
        } else {
            t.put(m, w);
        }
    }

    static long wrap(ScalarType type, long v) {
        return type == ScalarType.I32 ? (int) v : v;
    }

    /**
     * The expression, terms ordered by degree, then size of coefficient, then text; positive terms
     * first so that {@code n - i - 1} reads as written, and multiples of lanes alone last, next to the
     * constant they are at run time.
     */
    public Expr toExpr() {
        List<Map.Entry<Monomial, Long>> order = new ArrayList<>(terms.entrySet());
        order.sort(Comparator.<Map.Entry<Monomial, Long>>comparingInt(e -> e.getValue() > 0 ? 0 : 1)
                .thenComparing(e -> e.getKey().atoms().stream().allMatch(a -> a instanceof Expr.Lanes))
                .thenComparing(e -> -e.getKey().degree())
                .thenComparing(e -> -Math.abs((double) e.getValue()))
                .thenComparing(e -> e.getKey().key()));
        Expr acc = null;
        for (Map.Entry<Monomial, Long> e : order) {
            long c = e.getValue();
            if (acc == null) {
                acc = term(e.getKey(), c);
            } else if (c > 0 || !fits(-c)) {
                acc = new Expr.Bin(BinOp.ADD, acc, term(e.getKey(), c));
            } else {
                acc = new Expr.Bin(BinOp.SUB, acc, term(e.getKey(), -c));
            }
        }
        if (acc == null) {
            return new Expr.IntImm(type, constant);
        }
        if (constant > 0 || (constant < 0 && !fits(-constant))) {
            acc = new Expr.Bin(BinOp.ADD, acc, new Expr.IntImm(type, constant));
        } else if (constant < 0) {
            acc = new Expr.Bin(BinOp.SUB, acc, new Expr.IntImm(type, -constant));
        }
        return acc;
    }

    private boolean fits(long v) {
        return wrap(type, v) == v;
    }

    private Expr term(Monomial m, long c) {
        Expr e = m.atoms().getFirst();
        for (int i = 1; i < m.atoms().size(); i++) {
            e = new Expr.Bin(BinOp.MUL, e, m.atoms().get(i));
        }
        return c == 1 ? e : new Expr.Bin(BinOp.MUL, e, new Expr.IntImm(type, c));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Poly p && p.type == type && p.constant == constant && p.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode() * 31 + Long.hashCode(constant);
    }

    @Override
    public String toString() {
        return LoopPrinter.print(toExpr());
    }
}
