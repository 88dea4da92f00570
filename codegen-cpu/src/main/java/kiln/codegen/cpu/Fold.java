package kiln.codegen.cpu;

import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.UnOp;

/**
 * Substitutes the constants in scope into an expression and folds integer and boolean arithmetic on
 * constants, with the wrap-around of the generated Java code. Unrolled copies become plain constants, so tile
 * positions can be resolved and the generated code reads {@code acc_5} and {@code a[k + 8]}. Floating-point
 * arithmetic is left to the generated code: folding it here could only risk a different rounding.
 */
final class Fold {
    private Fold() {
    }

    static Expr fold(Expr e, Facts facts) {
        return switch (e) {
            case Expr.IntImm i -> i;
            case Expr.FloatImm f -> f;
            case Expr.Lanes l -> l;
            case Expr.Var v -> {
                Long c = facts.constant(v);
                yield c == null ? v : new Expr.IntImm(v.type(), c);
            }
            case Expr.Load l -> {
                Expr index = fold(l.index(), facts);
                yield index == l.index() ? l : new Expr.Load(l.buffer(), index);
            }
            case Expr.Bin b -> bin(b, fold(b.a(), facts), fold(b.b(), facts));
            case Expr.Un u -> un(u, fold(u.a(), facts));
            case Expr.Fma f -> {
                Expr a = fold(f.a(), facts);
                Expr b = fold(f.b(), facts);
                Expr c = fold(f.c(), facts);
                yield a == f.a() && b == f.b() && c == f.c() ? f : new Expr.Fma(a, b, c);
            }
            case Expr.Select s -> {
                Expr c = fold(s.cond(), facts);
                Expr a = fold(s.a(), facts);
                Expr b = fold(s.b(), facts);
                if (c instanceof Expr.IntImm ci) {
                    yield ci.value() != 0 ? a : b;
                }
                yield c == s.cond() && a == s.a() && b == s.b() ? s : new Expr.Select(c, a, b);
            }
            case Expr.Convert c -> {
                Expr a = fold(c.a(), facts);
                if (a instanceof Expr.IntImm i && isIntLike(c.type()) && isIntLike(i.type())) {
                    yield new Expr.IntImm(c.type(), wrap(c.type(), i.value()));
                }
                yield a == c.a() ? c : new Expr.Convert(c.type(), a);
            }
        };
    }

    private static boolean isIntLike(ScalarType t) {
        return t.isInteger() || t == ScalarType.BOOL;
    }

    private static Expr bin(Expr.Bin b, Expr x, Expr y) {
        if (x instanceof Expr.IntImm i && y instanceof Expr.IntImm j) {
            Long r = evaluate(b.op(), i.type(), i.value(), j.value());
            if (r != null) {
                return new Expr.IntImm(b.type(), r);
            }
        }
        if (x.type().isInteger() && b.op() == BinOp.ADD && isZero(y)) {
            return x;
        }
        if (x.type().isInteger() && (b.op() == BinOp.ADD) && isZero(x)) {
            return y;
        }
        if (x.type().isInteger() && b.op() == BinOp.SUB && isZero(y)) {
            return x;
        }
        if (x.type().isInteger() && b.op() == BinOp.MUL) {
            if (isOne(y)) {
                return x;
            }
            if (isOne(x)) {
                return y;
            }
            if (isZero(x) || isZero(y)) {
                return new Expr.IntImm(x.type(), 0);
            }
        }
        return x == b.a() && y == b.b() ? b : new Expr.Bin(b.op(), x, y);
    }

    private static Expr un(Expr.Un u, Expr a) {
        if (a instanceof Expr.IntImm i) {
            if (u.op() == UnOp.NEG && i.type().isInteger()) {
                return new Expr.IntImm(i.type(), wrap(i.type(), -i.value()));
            }
            if (u.op() == UnOp.NOT && i.type() == ScalarType.BOOL) {
                return new Expr.IntImm(ScalarType.BOOL, i.value() != 0 ? 0 : 1);
            }
            if (u.op() == UnOp.ABS && i.type().isInteger()) {
                return new Expr.IntImm(i.type(), wrap(i.type(), Math.abs(i.value())));
            }
        }
        return a == u.a() ? u : new Expr.Un(u.op(), a);
    }

    private static boolean isZero(Expr e) {
        return e instanceof Expr.IntImm i && i.value() == 0;
    }

    private static boolean isOne(Expr e) {
        return e instanceof Expr.IntImm i && i.value() == 1;
    }

    /** {@code a op b} on integers (or bools) of type {@code t}; null where Java would throw. */
    static Long evaluate(BinOp op, ScalarType t, long a, long b) {
        Long r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? null : a / b;
            case FLOORDIV -> b == 0 ? null : Math.floorDiv(a, b);
            case MOD -> b == 0 ? null : Math.floorMod(a, b);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case POW -> null;
            case LT -> a < b ? 1L : 0L;
            case LE -> a <= b ? 1L : 0L;
            case EQ -> a == b ? 1L : 0L;
            case NE -> a != b ? 1L : 0L;
            case AND -> a & b;
            case OR -> a | b;
        };
        if (r == null || op.isComparison()) {
            return r;
        }
        // Arithmetic on i32 and i8 wraps at their width, as the generated code's does; (a op b) computed in
        // long and then wrapped gives the same bits for ADD, SUB, MUL, MIN, MAX, AND, OR. DIV of the
        // operands' own width needs their wrapped values first, which constants of the type already are.
        return wrap(t, r);
    }

    static long wrap(ScalarType t, long v) {
        return switch (t) {
            case I32 -> (int) v;
            case I8 -> (byte) v;
            case BOOL -> v != 0 ? 1 : 0;
            case I64 -> v;
            case F32, F64 -> throw new IllegalArgumentException("not an integer type: " + t);
        };
    }
}
