package kiln.codegen.cpu;

import com.palantir.javapoet.CodeBlock;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.UnOp;

/**
 * Loop IR expressions as scalar Java expressions, with Java's semantics: f32 arithmetic in float (each
 * operation rounded once, as the interpreter's), integer arithmetic wrapping at its width, casts as the Graph
 * IR's cast defines them (which are Java's casts, with bool as 0/1), transcendental functions from
 * {@link Math} rounded to float, erf from the runtime's {@code FloatErf}.
 */
final class ScalarExprs {
    private final ClassFields cls;

    ScalarExprs(ClassFields cls) {
        this.cls = cls;
    }

    /** {@code e}, already folded, in {@code env}. */
    JExpr emit(Expr e, Env env) {
        return switch (e) {
            case Expr.IntImm i -> intLiteral(i.type(), i.value());
            case Expr.FloatImm f -> floatLiteral(f.type(), f.value());
            case Expr.Var v -> variable(v, env);
            case Expr.Lanes l -> lanes(l.elem());
            case Expr.Load l -> load(l, env);
            case Expr.Bin b -> binary(b.op(), emit(b.a(), env), emit(b.b(), env));
            case Expr.Un u -> unary(u.op(), emit(u.a(), env));
            case Expr.Fma f -> fma(emit(f.a(), env), emit(f.b(), env), emit(f.c(), env));
            case Expr.Select s -> select(emit(s.cond(), env), emit(s.a(), env), emit(s.b(), env));
            case Expr.Convert c -> convert(emit(c.a(), env), c.type());
        };
    }

    private JExpr variable(Expr.Var v, Env env) {
        return switch (env.lookup(v)) {
            case Env.Binding.Const c -> intLiteral(v.type(), c.value());
            case Env.Binding.Local l -> JExpr.name(l.name(), l.type());
            case Env.Binding.VectorIndex x -> throw vectorInScalarCode(v);
            case Env.Binding.AffineLocal a -> throw vectorInScalarCode(v);
            case Env.Binding.VectorLocal w -> throw vectorInScalarCode(v);
        };
    }

    private static IllegalStateException vectorInScalarCode(Expr.Var v) {
        return new IllegalStateException("vector variable " + v.name() + " in scalar code");
    }

    /** Lanes of {@code elem} at the run's vector width. */
    JExpr lanes(ScalarType elem) {
        CodeBlock f = cls.floatSpecies();
        return switch (elem.bits()) {
            case 32 -> JExpr.atom(CodeBlock.of("$L.length()", f), ScalarType.I32);
            case 64 -> JExpr.of(CodeBlock.of("$L.length() / 2", f), ScalarType.I32, JExpr.MULTIPLICATIVE);
            default -> JExpr.of(CodeBlock.of("$L.length() * 4", f), ScalarType.I32, JExpr.MULTIPLICATIVE);
        };
    }

    private JExpr load(Expr.Load l, Env env) {
        Env.BufferRef ref = env.lookup(l.buffer());
        Expr index = l.index();
        return switch (ref) {
            case Env.BufferRef.Array a -> {
                CodeBlock element = element(a, emit(index, env));
                yield l.type() == ScalarType.BOOL ? JExpr.of(CodeBlock.of("$L != 0", element), ScalarType.BOOL, JExpr.EQUALITY)
                        : JExpr.atom(element, l.type());
            }
            case Env.BufferRef.Scalars s -> JExpr.name(s.names().get(slot(l.buffer(), index, env)), l.type());
            case Env.BufferRef.Vectors v -> {
                TilePosition.Lane lane = lane(l.buffer(), index, env);
                yield JExpr.atom(CodeBlock.of("$N.lane($L)", v.names().get(lane.vector()),
                        variable(lane.lane(), env).code()), l.type());
            }
        };
    }

    /** {@code array[offset + index]}. */
    static CodeBlock element(Env.BufferRef.Array a, JExpr index) {
        return CodeBlock.of("$N[$L]", a.array(), plusOffset(a.offset(), index));
    }

    /** {@code offset + index}, or one of them alone where the other is absent or zero (int addition is associative). */
    static CodeBlock plusOffset(String offset, JExpr index) {
        if (offset == null) {
            return index.code();
        }
        return index.isZero() ? CodeBlock.of("$N", offset) : CodeBlock.of("$N + $L", offset, index.operand(JExpr.ADDITIVE));
    }

    static long slot(Buffer tile, Expr index, Env env) {
        if (TilePosition.of(index, env.facts, false, 0) instanceof TilePosition.Slot s) {
            return s.position();
        }
        throw new IllegalStateException("tile " + tile.name() + " accessed at " + index + ", not a constant position");
    }

    TilePosition.Lane lane(Buffer tile, Expr index, Env env) {
        if (TilePosition.of(index, env.facts, true, cls.lanes32()) instanceof TilePosition.Lane l) {
            return l;
        }
        throw new IllegalStateException("tile " + tile.name() + " accessed at " + index + ", not a lane of a vector");
    }

    static JExpr intLiteral(ScalarType t, long v) {
        return switch (t) {
            case BOOL -> new JExpr(CodeBlock.of("$L", v != 0), t, JExpr.ATOM, v);
            case I8 -> new JExpr(CodeBlock.of("(byte) $L", v), t, JExpr.UNARY, v);
            case I32 -> new JExpr(CodeBlock.of("$L", v), t, v >= 0 ? JExpr.ATOM : JExpr.UNARY, v);
            case I64 -> new JExpr(CodeBlock.of("$LL", v), t, v >= 0 ? JExpr.ATOM : JExpr.UNARY, v);
            case F32, F64 -> floatLiteral(t, v);
        };
    }

    static JExpr floatLiteral(ScalarType t, double v) {
        String boxed = t == ScalarType.F32 ? "Float" : "Double";
        if (Double.isNaN(v)) {
            return JExpr.atom(CodeBlock.of("$L.NaN", boxed), t);
        }
        if (Double.isInfinite(v)) {
            return JExpr.atom(CodeBlock.of("$L.$L_INFINITY", boxed, v > 0 ? "POSITIVE" : "NEGATIVE"), t);
        }
        String text = t == ScalarType.F32 ? Float.toString((float) v) + "f" : Double.toString(v);
        boolean negative = text.startsWith("-");
        return JExpr.of(CodeBlock.of("$L", text), t, negative ? JExpr.UNARY : JExpr.ATOM);
    }

    JExpr binary(BinOp op, JExpr a, JExpr b) {
        ScalarType t = a.type();
        if (op.isComparison()) {
            return comparison(op, a, b);
        }
        if (t == ScalarType.BOOL) {
            return switch (op) {
                case AND, MIN -> infix("&&", a, b, t);
                case OR, MAX -> infix("||", a, b, t);
                default -> throw unsupported(op, t);
            };
        }
        if ((op == BinOp.ADD || op == BinOp.SUB) && t.isInteger() && b.isZero()) {
            return a;
        }
        if (op == BinOp.ADD && t.isInteger() && a.isZero()) {
            return b;
        }
        JExpr r = switch (op) {
            case ADD -> infix("+", a, b, t);
            case SUB -> infix("-", a, b, t);
            case MUL -> infix("*", a, b, t);
            case DIV -> infix("/", a, b, t);
            case MIN -> call("Math.min", t, a, b);
            case MAX -> call("Math.max", t, a, b);
            case FLOORDIV -> call("Math.floorDiv", require(t.isInteger(), op, t), a, b);
            case MOD -> call("Math.floorMod", require(t.isInteger(), op, t), a, b);
            case POW -> t.isFloat() ? rounded(call("Math.pow", ScalarType.F64, a, b), t) : intPow(a, b, t);
            case AND -> infix("&", a, b, require(t.isInteger(), op, t));
            case OR -> infix("|", a, b, require(t.isInteger(), op, t));
            case LT, LE, EQ, NE -> throw new AssertionError(op);
        };
        // Java computes byte arithmetic in int: wrap the result back to 8 bits.
        return t == ScalarType.I8
                ? JExpr.of(CodeBlock.of("(byte) $L", r.operand()), t, JExpr.UNARY) : r;
    }

    /** Wrapping integer power; the I8 wrap happens in {@link #binary}. */
    private static JExpr intPow(JExpr a, JExpr b, ScalarType t) {
        JExpr p = JExpr.atom(CodeBlock.of("$T.pow($L, $L)", ClassFields.INT_MATH, a.code(), b.code()), ScalarType.I64);
        return t == ScalarType.I64 ? p : JExpr.of(CodeBlock.of("(int) $L", p.code()), ScalarType.I32, JExpr.UNARY);
    }

    private static JExpr comparison(BinOp op, JExpr a, JExpr b) {
        if (a.type() == ScalarType.BOOL) {
            return switch (op) {
                case EQ -> infix("==", a, b, ScalarType.BOOL);
                case NE -> infix("!=", a, b, ScalarType.BOOL);
                // false < true, as bools are 0 and 1.
                case LT -> JExpr.of(CodeBlock.of("!$L && $L", a.operand(), b.operand(JExpr.AND + 1)), ScalarType.BOOL, JExpr.AND);
                case LE -> JExpr.of(CodeBlock.of("!$L || $L", a.operand(), b.operand(JExpr.OR + 1)), ScalarType.BOOL, JExpr.OR);
                default -> throw new AssertionError(op);
            };
        }
        String symbol = switch (op) {
            case LT -> "<";
            case LE -> "<=";
            case EQ -> "==";
            case NE -> "!=";
            default -> throw new AssertionError(op);
        };
        return infix(symbol, a, b, ScalarType.BOOL);
    }

    JExpr unary(UnOp op, JExpr a) {
        ScalarType t = a.type();
        return switch (op) {
            case NEG -> t == ScalarType.I8 ? JExpr.of(CodeBlock.of("(byte) -$L", a.operand(JExpr.ATOM)), t, JExpr.UNARY)
                    : JExpr.of(CodeBlock.of("-$L", a.operand(JExpr.ATOM)), t, JExpr.UNARY);
            case ABS -> t == ScalarType.I8 ? JExpr.of(CodeBlock.of("(byte) Math.abs($L)", a.code()), t, JExpr.UNARY)
                    : call("Math.abs", t, a);
            case EXP -> math("exp", a);
            case LOG -> math("log", a);
            case SQRT -> math("sqrt", a);
            case TANH -> math("tanh", a);
            case SIN -> math("sin", a);
            case COS -> math("cos", a);
            case FLOOR -> t.isFloat() ? math("floor", a) : a;
            case CEIL -> t.isFloat() ? math("ceil", a) : a;
            case RINT -> t.isFloat() ? math("rint", a) : a;
            case ERF -> JExpr.atom(CodeBlock.of("$T.erf($L)", ClassFields.FLOAT_ERF, a.code()),
                    require(t == ScalarType.F32, op, t));
            case NOT -> JExpr.of(CodeBlock.of("!$L", a.operand()), ScalarType.BOOL, JExpr.UNARY);
        };
    }

    /** {@code Math.f(a)} computed in double and, for f32, rounded once to float. */
    private static JExpr math(String f, JExpr a) {
        if (!a.type().isFloat()) {
            throw new IllegalArgumentException(f + " of " + a.type());
        }
        return rounded(call("Math." + f, ScalarType.F64, a), a.type());
    }

    private static JExpr rounded(JExpr d, ScalarType t) {
        return t == ScalarType.F32 ? JExpr.of(CodeBlock.of("(float) $L", d.operand()), t, JExpr.UNARY) : d;
    }

    static JExpr fma(JExpr a, JExpr b, JExpr c) {
        return call("Math.fma", a.type(), a, b, c);
    }

    static JExpr select(JExpr cond, JExpr a, JExpr b) {
        return JExpr.of(CodeBlock.of("$L ? $L : $L", cond.operand(JExpr.CONDITIONAL + 1), a.operand(JExpr.CONDITIONAL + 1),
                b.operand(JExpr.CONDITIONAL)), a.type(), JExpr.CONDITIONAL);
    }

    /** The Graph IR's cast: Java's casts (float to integer truncating, saturating, NaN to 0; i8 wrapping), bool 0/1. */
    static JExpr convert(JExpr a, ScalarType to) {
        ScalarType from = a.type();
        if (from == to) {
            return a;
        }
        if (to == ScalarType.BOOL) {
            JExpr zero = from.isFloat() ? floatLiteral(from, 0) : intLiteral(from == ScalarType.I64 ? from : ScalarType.I32, 0);
            return infix("!=", a, zero, ScalarType.BOOL);
        }
        if (from == ScalarType.BOOL) {
            JExpr one = to.isFloat() ? floatLiteral(to, 1) : intLiteral(to == ScalarType.I8 ? ScalarType.I32 : to, 1);
            JExpr zero = to.isFloat() ? floatLiteral(to, 0) : intLiteral(to == ScalarType.I8 ? ScalarType.I32 : to, 0);
            JExpr r = select(a, one, zero);
            return to == ScalarType.I8 ? JExpr.of(CodeBlock.of("(byte) ($L)", r.code()), to, JExpr.UNARY) : r;
        }
        if (to == ScalarType.I8 && from.isFloat()) {
            return JExpr.of(CodeBlock.of("(byte) (long) $L", a.operand()), to, JExpr.UNARY);
        }
        return JExpr.of(CodeBlock.of("($T) $L", ClassFields.scalar(to), a.operand()), to, JExpr.UNARY);
    }

    /** {@code a symbol b}, left-associative: the right operand needs a higher precedence than the operator. */
    static JExpr infix(String symbol, JExpr a, JExpr b, ScalarType t) {
        int p = switch (symbol) {
            case "*", "/", "%" -> JExpr.MULTIPLICATIVE;
            case "+", "-" -> JExpr.ADDITIVE;
            case "<", "<=", ">", ">=" -> JExpr.RELATIONAL;
            case "==", "!=" -> JExpr.EQUALITY;
            case "&" -> JExpr.BIT_AND;
            case "|" -> JExpr.BIT_OR;
            case "&&" -> JExpr.AND;
            case "||" -> JExpr.OR;
            default -> throw new IllegalArgumentException(symbol);
        };
        // Comparisons do not chain in Java: both operands must bind tighter.
        int left = p == JExpr.RELATIONAL || p == JExpr.EQUALITY ? p + 1 : p;
        return JExpr.of(CodeBlock.of("$L $L $L", a.operand(left), symbol, b.operand(p + 1)), t, p);
    }

    private static JExpr call(String f, ScalarType t, JExpr... args) {
        CodeBlock.Builder b = CodeBlock.builder().add("$L(", f);
        for (int i = 0; i < args.length; i++) {
            b.add(i == 0 ? "$L" : ", $L", args[i].code());
        }
        return JExpr.atom(b.add(")").build(), t);
    }

    /** {@code t} when {@code ok}, else the operation is not one the generator supports. */
    private static ScalarType require(boolean ok, Object op, ScalarType t) {
        if (!ok) {
            throw unsupported(op, t);
        }
        return t;
    }

    static IllegalArgumentException unsupported(Object op, ScalarType t) {
        return new IllegalArgumentException(op + " of " + t + " is not supported by the CPU code generator");
    }
}
