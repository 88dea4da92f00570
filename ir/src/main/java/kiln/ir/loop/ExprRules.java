package kiln.ir.loop;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The expression rules of {@link Simplify}, applied bottom-up to a node whose children are already
 * simplified. Integer sums and products become their canonical {@link Poly} form; floor division and
 * remainder by constants (or multiples of lanes) split off the divisible part and drop the rest when the
 * facts bound it; comparisons decided by {@link Bounds} fold to constants and the others are written
 * with positive terms on each side. Floating-point rules are only those exact in IEEE arithmetic.
 */
final class ExprRules {
    private final Facts facts;

    ExprRules(Facts facts) {
        this.facts = facts;
    }

    Expr simplify(Expr e) {
        Expr r = new Mutator() {
            @Override
            protected Expr visit(Expr.Bin n) {
                Expr m = super.visit(n);
                return known(m instanceof Expr.Bin b ? bin(b) : m);
            }

            @Override
            protected Expr visit(Expr.Un n) {
                Expr m = super.visit(n);
                return known(m instanceof Expr.Un u ? un(u) : m);
            }

            @Override
            protected Expr visit(Expr.Var n) {
                return known(n);
            }

            @Override
            protected Expr visit(Expr.Fma n) {
                Expr m = super.visit(n);
                return m instanceof Expr.Fma f ? fma(f) : m;
            }

            @Override
            protected Expr visit(Expr.Select n) {
                Expr m = super.visit(n);
                return known(m instanceof Expr.Select s ? select(s) : m);
            }

            @Override
            protected Expr visit(Expr.Convert n) {
                Expr m = super.visit(n);
                return known(m instanceof Expr.Convert c ? convert(c) : m);
            }

            @Override
            protected Expr visit(Expr.IntImm n) {
                long w = wrap(n.type(), n.value());
                return w == n.value() ? n : new Expr.IntImm(n.type(), w);
            }
        }.mutate(e);
        return r.equals(e) ? e : r;
    }

    /** An integer or boolean expression that the facts pin to one value at every width is that constant. */
    private Expr known(Expr e) {
        if (e instanceof Expr.IntImm || e.type().isFloat()) {
            return e;
        }
        OptionalLong v = Bounds.constant(e, facts);
        return v.isPresent() ? new Expr.IntImm(e.type(), v.getAsLong()) : e;
    }

    private Expr bin(Expr.Bin b) {
        ScalarType t = b.a().type();
        if (b.op().isComparison()) {
            return compare(b);
        }
        if (t.isFloat()) {
            return floatBin(b);
        }
        if (Poly.applies(t)) {
            return switch (b.op()) {
                case ADD, SUB, MUL -> canonical(Poly.of(b));
                case FLOORDIV, MOD -> divMod(b);
                case DIV -> truncDiv(b);
                case MIN, MAX -> minMax(b);
                case POW -> foldInts(b);
                case AND, OR -> b;
                case LT, LE, EQ, NE -> throw new AssertionError(b.op());
            };
        }
        if (t == ScalarType.BOOL && (b.op() == BinOp.AND || b.op() == BinOp.OR)) {
            return logic(b);
        }
        return foldInts(b);
    }

    // ---- integers -------------------------------------------------------------------------------

    /** The polynomial as an expression, after merging {@code (x // k)*k + x % k} back into {@code x}. */
    Expr canonical(Poly p) {
        p = mergeDivMod(p);
        if (p.isConstant()) {
            return new Expr.IntImm(p.type(), p.constant());
        }
        return p.toExpr();
    }

    private Poly mergeDivMod(Poly p) {
        for (var t : p.terms().entrySet()) {
            if (t.getKey().degree() != 1 || !(t.getKey().atoms().getFirst() instanceof Expr.Bin mod)
                    || mod.op() != BinOp.MOD) {
                continue;
            }
            Poly k = Poly.of(mod.b());
            if (k.terms().size() > 1 || (k.terms().size() == 1 && k.constant() != 0)) {
                continue;
            }
            long kc = k.isConstant() ? k.constant() : k.terms().values().iterator().next();
            Poly quotient = Poly.atom(new Expr.Bin(BinOp.FLOORDIV, mod.a(), mod.b()));
            Poly kMonomials = k.isConstant() ? Poly.constant(k.type(), 1)
                    : Poly.atom(k.terms().keySet().iterator().next().atoms().getFirst());
            if (!k.isConstant()) {
                for (int i = 1; i < k.terms().keySet().iterator().next().atoms().size(); i++) {
                    kMonomials = kMonomials.mul(Poly.atom(k.terms().keySet().iterator().next().atoms().get(i)));
                }
            }
            Poly qk = quotient.mul(kMonomials);
            var qTerm = qk.terms().keySet().iterator().next();
            long c = t.getValue();
            long have = p.terms().getOrDefault(qTerm, 0L);
            if (have == c * kc) {
                // c·(x // k)·k + c·(x % k) = c·x exactly, for any sign of x.
                Poly without = p.filter((m, v) -> !m.equals(t.getKey()) && !m.equals(qTerm));
                return mergeDivMod(without.add(Poly.of(mod.a()).scale(c)));
            }
        }
        return p;
    }

    private Expr divMod(Expr.Bin b) {
        OptionalLong ca = constantOf(b.a());
        OptionalLong cb = constantOf(b.b());
        if (ca.isPresent() && cb.isPresent()) {
            return cb.getAsLong() == 0 ? b : foldInts(b);
        }
        Poly divisor = Poly.of(b.b());
        if (divisor.isConstant() && divisor.constant() == 1) {
            return b.op() == BinOp.FLOORDIV ? b.a() : new Expr.IntImm(b.type(), 0);
        }
        if (!positiveSymbol(divisor)) {
            return b;
        }
        // a = divisor·q + r exactly; a // d = q + r // d and a % d = r % d.
        Poly a = Poly.of(b.a());
        Poly[] qr = divide(a, divisor);
        Poly q = qr[0];
        Poly r = qr[1];
        Long m = sameQuotient(r, b.b());
        if (b.op() == BinOp.FLOORDIV) {
            if (m != null) {
                return canonical(q.add(m));
            }
            if (q.isConstant() && q.constant() == 0) {
                return nested(b, r);
            }
            return canonical(q.add(Poly.atom(nested(b, r))));
        }
        if (m != null) {
            return canonical(r.sub(divisor.scale(m)));
        }
        Expr out = new Expr.Bin(BinOp.MOD, canonical(r), b.b());
        return out.equals(b) ? b : out;
    }

    /** {@code (x // a) // b} is {@code x // (a*b)} for positive constants; otherwise {@code r op d} as is. */
    private Expr nested(Expr.Bin b, Poly r) {
        Expr ra = canonical(r);
        if (b.op() == BinOp.FLOORDIV && ra instanceof Expr.Bin inner && inner.op() == BinOp.FLOORDIV) {
            OptionalLong x = constantOf(inner.b());
            OptionalLong y = constantOf(b.b());
            if (x.isPresent() && y.isPresent() && x.getAsLong() > 0 && y.getAsLong() > 0
                    && Math.multiplyHigh(x.getAsLong(), y.getAsLong()) == 0
                    && Poly.wrap(b.type(), x.getAsLong() * y.getAsLong()) == x.getAsLong() * y.getAsLong()) {
                return new Expr.Bin(BinOp.FLOORDIV, inner.a(), new Expr.IntImm(b.type(), x.getAsLong() * y.getAsLong()));
            }
        }
        Expr out = new Expr.Bin(b.op(), ra, b.b());
        return out.equals(b) ? b : out;
    }

    /** A divisor that is a positive constant or a positive multiple of one product of lanes. */
    private boolean positiveSymbol(Poly d) {
        if (d.isConstant()) {
            return d.constant() > 0;
        }
        if (d.constant() != 0 || d.terms().size() != 1 || d.terms().values().iterator().next() <= 0) {
            return false;
        }
        for (Expr a : d.terms().keySet().iterator().next().atoms()) {
            if (!(a instanceof Expr.Lanes)) {
                return false;
            }
        }
        return true;
    }

    /** {q, r} with {@code a = d·q + r}, q holding every term d divides. */
    private static Poly[] divide(Poly a, Poly d) {
        Poly q = Poly.constant(a.type(), 0);
        Poly r = Poly.constant(a.type(), 0);
        if (d.isConstant()) {
            long c = d.constant();
            for (Map.Entry<Poly.Monomial, Long> t : a.terms().entrySet()) {
                Poly term = monomial(a.type(), t.getKey(), 1);
                if (t.getValue() % c == 0) {
                    q = q.add(term.scale(t.getValue() / c));
                } else {
                    r = r.add(term.scale(t.getValue()));
                }
            }
            return new Poly[] {q.add(Math.floorDiv(a.constant(), c)), r.add(Math.floorMod(a.constant(), c))};
        }
        var dt = d.terms().entrySet().iterator().next();
        long dc = dt.getValue();
        java.util.List<Expr> dAtoms = dt.getKey().atoms();
        for (Map.Entry<Poly.Monomial, Long> t : a.terms().entrySet()) {
            java.util.List<Expr> rest = new java.util.ArrayList<>(t.getKey().atoms());
            boolean divides = t.getValue() % dc == 0;
            for (Expr x : dAtoms) {
                divides &= rest.remove(x);
            }
            if (divides) {
                q = q.add(rest.isEmpty() ? Poly.constant(a.type(), t.getValue() / dc)
                        : monomial(a.type(), Poly.Monomial.of(rest), t.getValue() / dc));
            } else {
                r = r.add(monomial(a.type(), t.getKey(), t.getValue()));
            }
        }
        return new Poly[] {q, r.add(a.constant())};
    }

    private static Poly monomial(ScalarType t, Poly.Monomial m, long c) {
        Poly p = Poly.constant(t, c);
        for (Expr a : m.atoms()) {
            p = p.mul(Poly.atom(a));
        }
        return p;
    }

    /** The one value of {@code floor(r / d)} over r's range at every width, if there is one. */
    private Long sameQuotient(Poly r, Expr d) {
        Long m = null;
        for (int w = 0; w < Bounds.widths(); w++) {
            Interval rr = Bounds.range(r, facts, w);
            Interval dd = Bounds.range(d, facts, w);
            if (rr.isEmpty() || !rr.isBounded() || !dd.isPoint() || dd.lo() <= 0) {
                return null;
            }
            long lo = Math.floorDiv(rr.lo(), dd.lo());
            long hi = Math.floorDiv(rr.hi(), dd.lo());
            if (lo != hi || (m != null && m != lo)) {
                return null;
            }
            m = lo;
        }
        return m;
    }

    private Expr truncDiv(Expr.Bin b) {
        OptionalLong cb = constantOf(b.b());
        if (cb.isPresent() && cb.getAsLong() == 0) {
            return b;
        }
        if (constantOf(b.a()).isPresent() && cb.isPresent()) {
            return foldInts(b);
        }
        // Truncation and floor agree on non-negative operands; the floor form simplifies further.
        if (Bounds.range(b.a(), facts).lo() >= 0 && Bounds.range(b.b(), facts).lo() > 0) {
            return divMod(new Expr.Bin(BinOp.FLOORDIV, b.a(), b.b()));
        }
        return b;
    }

    private Expr minMax(Expr.Bin b) {
        if (b.a().equals(b.b())) {
            return b.a();
        }
        Interval d = Bounds.range(Poly.of(b.a()).sub(Poly.of(b.b())).toExpr(), facts);
        boolean aSmaller = !d.isEmpty() && d.hi() <= 0;
        boolean bSmaller = !d.isEmpty() && d.lo() >= 0;
        if (aSmaller || bSmaller) {
            return (b.op() == BinOp.MIN) == aSmaller ? b.a() : b.b();
        }
        return b;
    }

    private Expr foldInts(Expr.Bin b) {
        OptionalLong ca = constantOf(b.a());
        OptionalLong cb = constantOf(b.b());
        if (ca.isEmpty() || cb.isEmpty()) {
            return b;
        }
        long x = ca.getAsLong();
        long y = cb.getAsLong();
        Long v = switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> y == 0 ? null : truncDivide(b.type(), x, y);
            case FLOORDIV -> y == 0 ? null : Math.floorDiv(x, y);
            case MOD -> y == 0 ? null : Math.floorMod(x, y);
            case MIN -> Math.min(x, y);
            case MAX -> Math.max(x, y);
            case POW, LT, LE, EQ, NE, AND, OR -> null;
        };
        return v == null ? b : new Expr.IntImm(b.type(), wrap(b.type(), v));
    }

    private static long truncDivide(ScalarType t, long x, long y) {
        return t == ScalarType.I64 ? x / y : (long) ((int) x / (int) y);
    }

    static long wrap(ScalarType t, long v) {
        return switch (t) {
            case I8 -> (byte) v;
            case I32 -> (int) v;
            case BOOL -> v != 0 ? 1 : 0;
            case I64, F32, F64 -> v;
        };
    }

    private static OptionalLong constantOf(Expr e) {
        return e instanceof Expr.IntImm n ? OptionalLong.of(n.value()) : OptionalLong.empty();
    }

    // ---- comparisons and logic ------------------------------------------------------------------

    private Expr compare(Expr.Bin b) {
        ScalarType t = b.a().type();
        if (t.isFloat()) {
            if (b.a() instanceof Expr.FloatImm x && b.b() instanceof Expr.FloatImm y) {
                boolean r = switch (b.op()) {
                    case LT -> x.value() < y.value();
                    case LE -> x.value() <= y.value();
                    case EQ -> x.value() == y.value();
                    case NE -> x.value() != y.value();
                    default -> throw new AssertionError(b.op());
                };
                return bool(r);
            }
            return b;
        }
        if (Bounds.proveTrue(b, facts)) {
            return bool(true);
        }
        if (Bounds.proveFalse(b, facts)) {
            return bool(false);
        }
        if (!Poly.applies(t)) {
            return b;
        }
        // d = a - b = P - N + k: written P + k < N (k >= 0) or P < N - k, each side with positive terms.
        Poly d = Poly.of(b.a()).sub(Poly.of(b.b()));
        Poly pos = d.filter((m, c) -> c > 0).withConstant(Math.max(d.constant(), 0));
        Poly neg = d.filter((m, c) -> c < 0).scale(-1).withConstant(Math.max(-d.constant(), 0));
        Expr out = new Expr.Bin(b.op(), canonical(pos), canonical(neg));
        return out.equals(b) ? b : out;
    }

    private Expr logic(Expr.Bin b) {
        OptionalLong ca = constantOf(b.a());
        OptionalLong cb = constantOf(b.b());
        boolean and = b.op() == BinOp.AND;
        if (ca.isPresent()) {
            return (ca.getAsLong() != 0) == and ? b.b() : b.a();
        }
        if (cb.isPresent()) {
            return (cb.getAsLong() != 0) == and ? b.a() : b.b();
        }
        if (b.a().equals(b.b())) {
            return b.a();
        }
        return b;
    }

    private static Expr bool(boolean v) {
        return new Expr.IntImm(ScalarType.BOOL, v ? 1 : 0);
    }

    // ---- floating point -------------------------------------------------------------------------

    private Expr floatBin(Expr.Bin b) {
        ScalarType t = b.type();
        if (b.a() instanceof Expr.FloatImm x && b.b() instanceof Expr.FloatImm y) {
            Double v = switch (b.op()) {
                case ADD -> t == ScalarType.F32 ? (double) ((float) x.value() + (float) y.value()) : x.value() + y.value();
                case SUB -> t == ScalarType.F32 ? (double) ((float) x.value() - (float) y.value()) : x.value() - y.value();
                case MUL -> t == ScalarType.F32 ? (double) ((float) x.value() * (float) y.value()) : x.value() * y.value();
                case DIV -> t == ScalarType.F32 ? (double) ((float) x.value() / (float) y.value()) : x.value() / y.value();
                default -> null;
            };
            if (v != null) {
                return new Expr.FloatImm(t, v);
            }
        }
        // Identities exact for every input, signed zeros and NaN included.
        if (b.b() instanceof Expr.FloatImm y) {
            double c = y.value();
            boolean negZero = Double.doubleToRawLongBits(c) == Double.doubleToRawLongBits(-0.0);
            boolean posZero = Double.doubleToRawLongBits(c) == 0;
            if ((b.op() == BinOp.MUL || b.op() == BinOp.DIV) && c == 1.0
                    || b.op() == BinOp.ADD && negZero || b.op() == BinOp.SUB && posZero) {
                return b.a();
            }
        }
        if (b.a() instanceof Expr.FloatImm x && b.op() == BinOp.MUL && x.value() == 1.0
                || b.a() instanceof Expr.FloatImm z && b.op() == BinOp.ADD
                        && Double.doubleToRawLongBits(z.value()) == Double.doubleToRawLongBits(-0.0)) {
            return b.b();
        }
        return b;
    }

    private Expr fma(Expr.Fma f) {
        if (f.a() instanceof Expr.FloatImm a && f.b() instanceof Expr.FloatImm b && f.c() instanceof Expr.FloatImm c) {
            double v = f.type() == ScalarType.F32 ? Math.fma((float) a.value(), (float) b.value(), (float) c.value())
                    : Math.fma(a.value(), b.value(), c.value());
            return new Expr.FloatImm(f.type(), v);
        }
        return f;
    }

    // ---- the rest -------------------------------------------------------------------------------

    private Expr un(Expr.Un u) {
        ScalarType t = u.a().type();
        switch (u.op()) {
            case NEG -> {
                if (Poly.applies(t)) {
                    return canonical(Poly.of(u));
                }
                if (u.a() instanceof Expr.FloatImm x) {
                    return new Expr.FloatImm(t, -x.value());
                }
                if (u.a() instanceof Expr.IntImm x) {
                    return new Expr.IntImm(t, wrap(t, -x.value()));
                }
                if (u.a() instanceof Expr.Un inner && inner.op() == UnOp.NEG) {
                    return inner.a();
                }
            }
            case NOT -> {
                if (u.a() instanceof Expr.IntImm x) {
                    return bool(x.value() == 0);
                }
                if (u.a() instanceof Expr.Un inner && inner.op() == UnOp.NOT) {
                    return inner.a();
                }
                if (u.a() instanceof Expr.Bin c && c.op().isComparison() && !c.a().type().isFloat()) {
                    // Exact for integers only: a float comparison with NaN is false both ways.
                    Expr flipped = switch (c.op()) {
                        case LT -> new Expr.Bin(BinOp.LE, c.b(), c.a());
                        case LE -> new Expr.Bin(BinOp.LT, c.b(), c.a());
                        case EQ -> new Expr.Bin(BinOp.NE, c.a(), c.b());
                        case NE -> new Expr.Bin(BinOp.EQ, c.a(), c.b());
                        default -> throw new AssertionError(c.op());
                    };
                    return compare((Expr.Bin) flipped);
                }
            }
            case ABS -> {
                if (u.a() instanceof Expr.IntImm x) {
                    return new Expr.IntImm(t, wrap(t, Math.abs(x.value())));
                }
                if (u.a() instanceof Expr.FloatImm x) {
                    return new Expr.FloatImm(t, Math.abs(x.value()));
                }
                if (!t.isFloat() && Bounds.range(u.a(), facts).lo() >= 0) {
                    return u.a();
                }
            }
            case SQRT, FLOOR, CEIL, RINT -> {
                // Correctly rounded in Java and in the vector API alike; transcendental functions are not folded.
                if (u.a() instanceof Expr.FloatImm x) {
                    double v = switch (u.op()) {
                        case SQRT -> t == ScalarType.F32 ? (float) Math.sqrt((float) x.value()) : Math.sqrt(x.value());
                        case FLOOR -> Math.floor(x.value());
                        case CEIL -> Math.ceil(x.value());
                        default -> Math.rint(x.value());
                    };
                    return new Expr.FloatImm(t, v);
                }
            }
            case EXP, LOG, TANH, ERF, SIN, COS -> {
            }
        }
        return u;
    }

    private Expr select(Expr.Select s) {
        if (s.cond() instanceof Expr.IntImm c) {
            return c.value() != 0 ? s.a() : s.b();
        }
        if (s.a().equals(s.b())) {
            return s.a();
        }
        return s;
    }

    private Expr convert(Expr.Convert c) {
        ScalarType to = c.type();
        ScalarType from = c.a().type();
        if (to == from) {
            return c.a();
        }
        if (c.a() instanceof Expr.IntImm n) {
            long v = n.value();
            if (to == ScalarType.BOOL) {
                return bool(v != 0);
            }
            if (to.isFloat()) {
                return new Expr.FloatImm(to, to == ScalarType.F32 ? (double) (float) v : (double) v);
            }
            if (wrap(to, v) == v) {
                return new Expr.IntImm(to, v);
            }
        }
        return c;
    }
}
