package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.Expr;
import kiln.frontend.syntax.Expr.BinaryOp;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Op;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;

/**
 * The operators {@code + - * / // % ** @}, comparisons and {@code not}: on ints exactly (overflow is an
 * error; {@code /} must divide exactly, {@code //} floors), on floats in double precision, and on tensors
 * as Graph IR nodes (a comparison of tensors is a bool tensor), a number beside a tensor becoming a scalar
 * constant of the tensor's element type.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static Val unary(Context ctx, Expr.UnaryOp op, Val v, Span at) {
        if (v instanceof Val.ErrorVal) {
            return v;
        }
        return switch (op) {
            case NEG -> switch (v) {
                case Val.IntVal i -> {
                    if (i.value() == Long.MIN_VALUE) {
                        throw new Failure(Code.INTEGER_OVERFLOW, at, "-" + i.value() + " does not fit in 64 bits");
                    }
                    yield new Val.IntVal(-i.value());
                }
                case Val.FloatVal f -> new Val.FloatVal(-f.value());
                case Val.TensorVal t -> new Val.TensorVal(ctx.node1(new Unary(UnaryFn.NEG), List.of(t.sym()), at, "-"));
                default -> throw mismatch(v, at, "cannot negate");
            };
            case PLUS -> switch (v) {
                case Val.IntVal i -> v;
                case Val.FloatVal f -> v;
                case Val.TensorVal t -> v;
                default -> throw mismatch(v, at, "unary + needs a number or a tensor, not");
            };
            case NOT -> new Val.BoolVal(!truth(v, at, null));
        };
    }

    static boolean truth(Val v, Span at, BinaryOp op) {
        if (v instanceof Val.BoolVal b) {
            return b.value();
        }
        throw mismatch(v, at, (op == null ? "not" : op.text()) + " needs true or false, not");
    }

    private static Failure mismatch(Val v, Span at, String what) {
        Code code = v instanceof Val.BatchVal ? Code.BATCH_ARITHMETIC : Code.TYPE_MISMATCH;
        String extra = v instanceof Val.BatchVal ? "; N, the batch size, is not known until the model runs" : "";
        return new Failure(code, at, what + " " + Val.describe(v) + extra);
    }

    static Val binary(Context ctx, BinaryOp op, Val l, Val r, Expr.Binary e) {
        if (l instanceof Val.ErrorVal || r instanceof Val.ErrorVal) {
            return Val.ERROR;
        }
        Span at = e.opSpan();
        if ((op == BinaryOp.EQ || op == BinaryOp.NE) && (l instanceof Val.NoneVal || r instanceof Val.NoneVal)) {
            boolean same = l instanceof Val.NoneVal && r instanceof Val.NoneVal;
            return new Val.BoolVal(op == BinaryOp.EQ ? same : !same);
        }
        if (l instanceof Val.TensorVal || r instanceof Val.TensorVal) {
            return tensor(ctx, op, l, r, at);
        }
        if (l instanceof Val.BatchVal || r instanceof Val.BatchVal) {
            throw new Failure(Code.BATCH_ARITHMETIC, at, "'" + op.text() + "' needs numbers; N, the batch size, "
                    + "is not known until the model runs");
        }
        if (l instanceof Val.IntVal a && r instanceof Val.IntVal b) {
            return ints(op, a.value(), b.value(), at);
        }
        if (isNumber(l) && isNumber(r)) {
            return floats(op, number(l), number(r), at);
        }
        switch (op) {
            case EQ, NE -> {
                boolean same = l.equals(r);
                return new Val.BoolVal(op == BinaryOp.EQ ? same : !same);
            }
            case ADD -> {
                if (l instanceof Val.ListVal a && r instanceof Val.ListVal b) {
                    List<Val> out = new ArrayList<>(a.items());
                    out.addAll(b.items());
                    return list(out, at);
                }
                if (l instanceof Val.StrVal a && r instanceof Val.StrVal b) {
                    return new Val.StrVal(a.value() + b.value());
                }
            }
            case MUL -> {
                if (l instanceof Val.ListVal a && r instanceof Val.IntVal n) {
                    if ((long) a.items().size() * Math.max(0, n.value()) > Context.MAX_ELEMENTS) {
                        throw new Failure(Code.TOO_LARGE, at, "the list would have more than " + Context.MAX_ELEMENTS
                                + " elements");
                    }
                    List<Val> out = new ArrayList<>();
                    for (long i = 0; i < n.value(); i++) {
                        out.addAll(a.items());
                    }
                    return new Val.ListVal(out);
                }
            }
            default -> {
            }
        }
        throw new Failure(Code.TYPE_MISMATCH, at, "'" + op.text() + "' cannot combine " + Val.describe(l) + " and "
                + Val.describe(r));
    }

    private static Val list(List<Val> items, Span at) {
        if (items.size() > Context.MAX_ELEMENTS) {
            throw new Failure(Code.TOO_LARGE, at, "the list would have more than " + Context.MAX_ELEMENTS + " elements");
        }
        return new Val.ListVal(items);
    }

    static boolean isNumber(Val v) {
        return v instanceof Val.IntVal || v instanceof Val.FloatVal;
    }

    static double number(Val v) {
        return v instanceof Val.IntVal i ? i.value() : ((Val.FloatVal) v).value();
    }

    private static Val ints(BinaryOp op, long a, long b, Span at) {
        try {
            return switch (op) {
                case ADD -> new Val.IntVal(Math.addExact(a, b));
                case SUB -> new Val.IntVal(Math.subtractExact(a, b));
                case MUL -> new Val.IntVal(Math.multiplyExact(a, b));
                case DIV -> {
                    nonZero(b, at);
                    if (a % b != 0) {
                        throw new Failure(Code.INEXACT_DIVISION, at, a + " / " + b + " leaves a remainder; write // to "
                                + "round down, or make the division exact");
                    }
                    yield new Val.IntVal(a / b);
                }
                case FLOOR_DIV -> {
                    nonZero(b, at);
                    yield new Val.IntVal(Math.floorDiv(a, b));
                }
                case MOD -> {
                    nonZero(b, at);
                    yield new Val.IntVal(Math.floorMod(a, b));
                }
                case POW -> b < 0 ? new Val.FloatVal(Math.pow(a, b)) : new Val.IntVal(power(a, b));
                case EQ -> new Val.BoolVal(a == b);
                case NE -> new Val.BoolVal(a != b);
                case LT -> new Val.BoolVal(a < b);
                case LE -> new Val.BoolVal(a <= b);
                case GT -> new Val.BoolVal(a > b);
                case GE -> new Val.BoolVal(a >= b);
                case MATMUL, AND, OR -> throw new Failure(Code.TYPE_MISMATCH, at, "'" + op.text()
                        + "' does not apply to ints");
            };
        } catch (ArithmeticException e) {
            throw new Failure(Code.INTEGER_OVERFLOW, at, a + " " + op.text() + " " + b + " does not fit in 64 bits");
        }
    }

    /** {@code a ** b} for b ≥ 0; the loop ends by overflow after at most 63 steps when |a| ≥ 2. */
    private static long power(long a, long b) {
        if (a == 0 || a == 1) {
            return b == 0 ? 1 : a;
        }
        if (a == -1) {
            return b % 2 == 0 ? 1 : -1;
        }
        long result = 1;
        for (long i = 0; i < b; i++) {
            result = Math.multiplyExact(result, a);
        }
        return result;
    }

    private static void nonZero(long b, Span at) {
        if (b == 0) {
            throw new Failure(Code.DIVISION_BY_ZERO, at, "division by zero");
        }
    }

    private static Val floats(BinaryOp op, double a, double b, Span at) {
        return switch (op) {
            case ADD -> new Val.FloatVal(a + b);
            case SUB -> new Val.FloatVal(a - b);
            case MUL -> new Val.FloatVal(a * b);
            case DIV -> {
                if (b == 0) {
                    throw new Failure(Code.DIVISION_BY_ZERO, at, "division by zero");
                }
                yield new Val.FloatVal(a / b);
            }
            case FLOOR_DIV -> {
                if (b == 0) {
                    throw new Failure(Code.DIVISION_BY_ZERO, at, "division by zero");
                }
                yield new Val.FloatVal(Math.floor(a / b));
            }
            case MOD -> {
                if (b == 0) {
                    throw new Failure(Code.DIVISION_BY_ZERO, at, "division by zero");
                }
                yield new Val.FloatVal(a - b * Math.floor(a / b));
            }
            case POW -> new Val.FloatVal(Math.pow(a, b));
            case EQ -> new Val.BoolVal(a == b);
            case NE -> new Val.BoolVal(a != b);
            case LT -> new Val.BoolVal(a < b);
            case LE -> new Val.BoolVal(a <= b);
            case GT -> new Val.BoolVal(a > b);
            case GE -> new Val.BoolVal(a >= b);
            case MATMUL, AND, OR -> throw new Failure(Code.TYPE_MISMATCH, at, "'" + op.text()
                    + "' does not apply to numbers");
        };
    }

    private static Val tensor(Context ctx, BinaryOp op, Val l, Val r, Span at) {
        String label = "'" + op.text() + "'";
        if (op == BinaryOp.MATMUL) {
            if (l instanceof Val.TensorVal a && r instanceof Val.TensorVal b) {
                return new Val.TensorVal(ctx.node1(new MatMul(), List.of(a.sym(), b.sym()), at, label));
            }
            throw new Failure(Code.TYPE_MISMATCH, at, "'@' multiplies two tensors, not " + Val.describe(l) + " and "
                    + Val.describe(r));
        }
        CompareFn compare = switch (op) {
            case EQ -> CompareFn.EQUAL;
            case NE -> CompareFn.NOT_EQUAL;
            case LT -> CompareFn.LESS;
            case LE -> CompareFn.LESS_EQUAL;
            case GT -> CompareFn.GREATER;
            case GE -> CompareFn.GREATER_EQUAL;
            default -> null;
        };
        BinaryFn fn = switch (op) {
            case ADD -> BinaryFn.ADD;
            case SUB -> BinaryFn.SUB;
            case MUL -> BinaryFn.MUL;
            case DIV -> BinaryFn.DIV;
            case POW -> BinaryFn.POW;
            default -> null;
        };
        if (fn == null && compare == null) {
            throw new Failure(Code.TYPE_MISMATCH, at, label + " does not apply to tensors (" + Val.describe(l)
                    + " and " + Val.describe(r) + ")");
        }
        DType dtype = (l instanceof Val.TensorVal t ? t : (Val.TensorVal) r).sym().type().dtype();
        Sym a = operand(ctx, l, dtype, at, label);
        Sym b = operand(ctx, r, dtype, at, label);
        Op node = fn != null ? new Binary(fn) : new Compare(compare);
        return new Val.TensorVal(ctx.node1(node, List.of(a, b), at, label));
    }

    /** A tensor operand as it is, a number as a scalar constant of the other operand's element type. */
    private static Sym operand(Context ctx, Val v, DType dtype, Span at, String label) {
        return switch (v) {
            case Val.TensorVal t -> t.sym();
            case Val.IntVal i -> ctx.scalar(dtype, i.value(), at);
            case Val.FloatVal f when !dtype.isInteger() && dtype != DType.BOOL -> ctx.scalar(dtype, f.value(), at);
            case Val.FloatVal f -> throw new Failure(Code.TYPE_MISMATCH, at, label + " cannot combine the float "
                    + f.value() + " with a tensor of " + dtype.text() + "; cast one of them");
            case Val.BatchVal b -> throw new Failure(Code.BATCH_ARITHMETIC, at, label + " needs a number or a tensor;"
                    + " N, the batch size, is not known until the model runs");
            default -> throw new Failure(Code.TYPE_MISMATCH, at, label + " cannot combine " + Val.describe(v)
                    + " with a tensor");
        };
    }
}
