package kiln.passes.lower;

import java.util.List;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;

/**
 * Builders for the Loop IR expressions that compute definitions write. Integer index arithmetic folds
 * its identities ({@code i + 0}, {@code i * 1}, constant operands) so that naive kernels read plainly;
 * float arithmetic is never folded, because {@code x + 0} and {@code x * 1} are not identities for -0 and
 * NaN.
 */
final class Exprs {
    static final ScalarType I32 = ScalarType.I32;
    static final Expr ZERO = i32(0);
    static final Expr ONE = i32(1);

    private Exprs() {
    }

    static Expr i32(long v) {
        if (v != (int) v) {
            throw new IllegalArgumentException("index constant " + v + " does not fit 32 bits");
        }
        return new Expr.IntImm(I32, v);
    }

    /** A constant of any numeric or bool type; float constants are rounded to f32 for f32. */
    static Expr imm(ScalarType t, double v) {
        return switch (t) {
            case F32 -> new Expr.FloatImm(t, (float) v);
            case F64 -> new Expr.FloatImm(t, v);
            case I64, I32, I8, BOOL -> new Expr.IntImm(t, (long) v);
        };
    }

    static Expr intImm(ScalarType t, long v) {
        return new Expr.IntImm(t, v);
    }

    static boolean isInt(Expr e, long v) {
        return e instanceof Expr.IntImm c && c.value() == v;
    }

    static Expr add(Expr a, Expr b) {
        if (a.type().isInteger()) {
            if (isInt(a, 0)) {
                return b;
            }
            if (isInt(b, 0)) {
                return a;
            }
            if (a instanceof Expr.IntImm x && b instanceof Expr.IntImm y && a.type() == I32) {
                return i32((int) (x.value() + y.value()));
            }
        }
        return new Expr.Bin(BinOp.ADD, a, b);
    }

    static Expr sub(Expr a, Expr b) {
        if (a.type().isInteger() && isInt(b, 0)) {
            return a;
        }
        if (a instanceof Expr.IntImm x && b instanceof Expr.IntImm y && a.type() == I32) {
            return i32((int) (x.value() - y.value()));
        }
        return new Expr.Bin(BinOp.SUB, a, b);
    }

    static Expr mul(Expr a, Expr b) {
        if (a.type().isInteger()) {
            if (isInt(a, 1)) {
                return b;
            }
            if (isInt(b, 1)) {
                return a;
            }
            if (isInt(a, 0) || isInt(b, 0)) {
                return new Expr.IntImm(a.type(), 0);
            }
            if (a instanceof Expr.IntImm x && b instanceof Expr.IntImm y && a.type() == I32) {
                return i32((int) (x.value() * y.value()));
            }
        }
        return new Expr.Bin(BinOp.MUL, a, b);
    }

    /** {@code a * c} for an index constant {@code c}. */
    static Expr mul(Expr a, long c) {
        return mul(a, i32(c));
    }

    static Expr div(Expr a, Expr b) {
        return new Expr.Bin(BinOp.DIV, a, b);
    }

    static Expr bin(BinOp op, Expr a, Expr b) {
        return new Expr.Bin(op, a, b);
    }

    static Expr min(Expr a, Expr b) {
        return new Expr.Bin(BinOp.MIN, a, b);
    }

    static Expr max(Expr a, Expr b) {
        return new Expr.Bin(BinOp.MAX, a, b);
    }

    static Expr lt(Expr a, Expr b) {
        return new Expr.Bin(BinOp.LT, a, b);
    }

    static Expr le(Expr a, Expr b) {
        return new Expr.Bin(BinOp.LE, a, b);
    }

    static Expr eq(Expr a, Expr b) {
        return new Expr.Bin(BinOp.EQ, a, b);
    }

    static Expr and(Expr a, Expr b) {
        return new Expr.Bin(BinOp.AND, a, b);
    }

    static Expr or(Expr a, Expr b) {
        return new Expr.Bin(BinOp.OR, a, b);
    }

    /** The conjunction of the conditions; null when there are none. */
    static Expr all(List<Expr> conditions) {
        Expr c = null;
        for (Expr e : conditions) {
            c = c == null ? e : and(c, e);
        }
        return c;
    }

    static Expr un(UnOp op, Expr a) {
        return new Expr.Un(op, a);
    }

    static Expr neg(Expr a) {
        return new Expr.Un(UnOp.NEG, a);
    }

    static Expr select(Expr cond, Expr a, Expr b) {
        return new Expr.Select(cond, a, b);
    }

    static Expr fma(Expr a, Expr b, Expr c) {
        return new Expr.Fma(a, b, c);
    }

    /** {@code a} converted to {@code t}, or {@code a} itself when it already has that type. */
    static Expr convert(ScalarType t, Expr a) {
        return a.type() == t ? a : new Expr.Convert(t, a);
    }

    static Expr load(Buffer b, Expr index) {
        return new Expr.Load(b, index);
    }

    static Stmt store(Buffer b, Expr index, Expr value) {
        return new Stmt.Store(b, index, value);
    }

    /** {@code if (cond) then}; no test at all when {@code cond} is null. */
    static Stmt guard(Expr cond, Stmt then) {
        return cond == null ? then : new Stmt.If(cond, then, Stmt.seq());
    }

    /** {@code offset + Σ index[d]·strides[d]}. */
    static Expr affine(List<Expr> index, long[] strides, long offset) {
        Expr e = null;
        for (int d = 0; d < strides.length; d++) {
            if (strides[d] != 0 && !isInt(index.get(d), 0)) {
                Expr term = mul(index.get(d), strides[d]);
                e = e == null ? term : add(e, term);
            }
        }
        if (e == null) {
            return i32(offset);
        }
        return offset == 0 ? e : add(e, i32(offset));
    }

    /** A local scratch buffer of {@code size} elements. */
    static Buffer local(String name, ScalarType t, long size) {
        return new Buffer(name, t, size, Buffer.Scope.LOCAL);
    }
}
