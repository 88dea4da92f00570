package kiln.codegen.cpu;

import static kiln.codegen.cpu.ClassFields.FLOAT_VECTOR;
import static kiln.codegen.cpu.ClassFields.INT_VECTOR;
import static kiln.codegen.cpu.ClassFields.VECTOR_FUNCTIONS;
import static kiln.codegen.cpu.ClassFields.VECTOR_OPERATORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.UnOp;

/**
 * Loop IR expressions inside a vectorized loop as Vector API code, lane i computing what iteration
 * {@code base + i} computes. Values that do not depend on the vector variable stay scalars; loads at
 * {@code base + i} are contiguous vector loads, at {@code base + 2i} two contiguous loads deinterleaved, at
 * other {@code base + s·i} gathers through an index map, at a
 * uniform position a scalar load (broadcast where combined with vectors). Under a lane mask (a partial last
 * vector, a guard) loads are masked, so lanes that are off never touch memory. Arithmetic is IEEE lane by
 * lane, bit-identical to the scalar code; EXP, LOG, TANH, SIN, COS and POW use the Vector API's (within a few
 * ulps of {@link Math}); erf, floor, ceil and rint are written out by {@link VectorFunctionEmitter}.
 */
final class VectorExprs {
    /**
     * Where temporaries go ({@code out}), and which lanes are on: {@code mask} null means all of them;
     * {@code mayBeEmpty} says no lane may be on, so scalar loads need a guard.
     */
    record Ctx(CodeBlock.Builder out, CodeBlock mask, boolean mayBeEmpty) {
        /** The lanes of this context where {@code cond} holds (or, negated, does not). */
        Ctx narrow(CodeBlock cond, boolean negate) {
            CodeBlock m;
            if (mask == null) {
                m = negate ? CodeBlock.of("$L.not()", cond) : cond;
            } else {
                m = CodeBlock.of(negate ? "$L.andNot($L)" : "$L.and($L)", mask, cond);
            }
            return new Ctx(out, m, true);
        }
    }

    private final ClassFields cls;
    private final ScalarExprs scalar;
    private final Names names;
    private final VectorFunctionEmitter functions;
    /** Stride-2 loads emitted under a lane mask so far. */
    private int maskedStrideTwoLoads;

    VectorExprs(ClassFields cls, ScalarExprs scalar, Names names) {
        this.cls = cls;
        this.scalar = scalar;
        this.names = names;
        this.functions = new VectorFunctionEmitter(cls, names);
    }

    VValue emit(Expr e, Env env, Ctx ctx) {
        return switch (e) {
            case Expr.IntImm i -> uniform(ScalarExprs.intLiteral(i.type(), i.value()));
            case Expr.FloatImm f -> uniform(ScalarExprs.floatLiteral(f.type(), f.value()));
            case Expr.Lanes l -> uniform(scalar.lanes(l.elem()));
            case Expr.Var v -> variable(v, env);
            case Expr.Load l -> load(l, env, ctx);
            case Expr.Bin b -> binary(b, env, ctx);
            case Expr.Un u -> unary(u.op(), emit(u.a(), env, ctx), ctx);
            case Expr.Fma f -> fma(emit(f.a(), env, ctx), emit(f.b(), env, ctx), emit(f.c(), env, ctx));
            case Expr.Select s -> select(s, env, ctx);
            case Expr.Convert c -> convert(emit(c.a(), env, ctx), c.type());
        };
    }

    private static VValue uniform(JExpr e) {
        return new VValue.Uniform(e);
    }

    private static VValue variable(Expr.Var v, Env env) {
        return switch (env.lookup(v)) {
            case Env.Binding.Const c -> uniform(ScalarExprs.intLiteral(v.type(), c.value()));
            case Env.Binding.Local l -> uniform(JExpr.name(l.name(), l.type()));
            case Env.Binding.VectorIndex x -> new VValue.Affine(x.base(), 1);
            case Env.Binding.AffineLocal a -> new VValue.Affine(new JExpr(CodeBlock.of("$N", a.name()), ScalarType.I32,
                    JExpr.ATOM, a.constant()), a.stride());
            case Env.Binding.VectorLocal w -> VValue.vec(CodeBlock.of("$N", w.name()), w.type());
        };
    }

    // ---- loads

    private VValue load(Expr.Load l, Env env, Ctx ctx) {
        ScalarType t = l.type();
        return switch (env.lookup(l.buffer())) {
            case Env.BufferRef.Array a -> switch (emit(l.index(), env, ctx)) {
                case VValue.Uniform u -> uniform(guarded(scalarLoad(a, u.value(), t), ctx));
                case VValue.Affine x when x.stride() == 2 && t == ScalarType.F32 -> VValue.vec(strideTwoLoad(a, x, ctx), t);
                case VValue.Affine x -> VValue.vec(vectorAccess(t, a, x, ctx.mask(), null), t);
                case VValue.Vec v -> throw new NotVectorizable("load from " + l.buffer().name()
                        + " at an index that is not affine in the vector variable");
            };
            case Env.BufferRef.Scalars s -> {
                String name = s.names().get(ScalarExprs.slot(l.buffer(), l.index(), env));
                yield s.perLane() ? VValue.vec(CodeBlock.of("$N", name), t) : uniform(JExpr.name(name, t));
            }
            case Env.BufferRef.Vectors v -> {
                TilePosition.Lane lane = scalar.lane(l.buffer(), l.index(), env);
                String name = v.names().get(lane.vector());
                yield switch (env.lookup(lane.lane())) {
                    case Env.Binding.VectorIndex x -> VValue.vec(CodeBlock.of("$N", name), t);
                    case Env.Binding.Local w -> uniform(JExpr.atom(CodeBlock.of("$N.lane($N)", name, w.name()), t));
                    default -> throw new NotVectorizable("tile " + l.buffer().name() + " read at a lane that is not a loop variable");
                };
            }
        };
    }

    private static JExpr scalarLoad(Env.BufferRef.Array a, JExpr index, ScalarType t) {
        CodeBlock element = ScalarExprs.element(a, index);
        return t == ScalarType.BOOL ? JExpr.of(CodeBlock.of("$L != 0", element), t, JExpr.EQUALITY) : JExpr.atom(element, t);
    }

    /** A scalar load where no lane may be on must not run: its position may be invalid then. */
    private static JExpr guarded(JExpr load, Ctx ctx) {
        if (!ctx.mayBeEmpty()) {
            return load;
        }
        JExpr zero = load.type().isFloat() ? ScalarExprs.floatLiteral(load.type(), 0)
                : load.type() == ScalarType.BOOL ? ScalarExprs.intLiteral(ScalarType.BOOL, 0)
                : ScalarExprs.convert(ScalarExprs.intLiteral(ScalarType.I32, 0), load.type());
        return JExpr.of(CodeBlock.of("$L.anyTrue() ? $L : $L", ctx.mask(), load.operand(JExpr.CONDITIONAL + 1),
                zero.operand(JExpr.CONDITIONAL)), load.type(), JExpr.CONDITIONAL);
    }

    /**
     * {@code FloatVector.fromArray(F, a, off + base[, STRIDE_s, 0][, mask])}, or with a {@code value} its
     * {@code intoArray} store: contiguous for stride 1, through an index map otherwise.
     */
    CodeBlock vectorAccess(ScalarType t, Env.BufferRef.Array a, VValue.Affine x, CodeBlock mask,
            VValue.Vec value) {
        if (t != ScalarType.F32 && t != ScalarType.I32) {
            throw new NotVectorizable(t + " elements have no vector form here");
        }
        CodeBlock element = ScalarExprs.plusOffset(a.offset(), x.base());
        CodeBlock typedMask = mask == null || t == ScalarType.F32 ? mask : CodeBlock.of("$L.cast($L)", mask, cls.intSpecies());
        if (x.stride() != 1 && mask != null) {
            // The JDK's masked gathers and scatters check lanes that are off: the runtime's do not.
            CodeBlock map = cls.strideMap(x.stride());
            return value == null
                    ? CodeBlock.of("$T.gather($L, $N, $L, $L, $L)", VECTOR_FUNCTIONS, species(t), a.array(), element, map, typedMask)
                    : CodeBlock.of("$T.scatter($L, $N, $L, $L, $L)", VECTOR_FUNCTIONS, value.code(), a.array(), element, map,
                            typedMask);
        }
        CodeBlock.Builder b = CodeBlock.builder();
        if (value == null) {
            b.add("$T.fromArray($L, ", t == ScalarType.F32 ? FLOAT_VECTOR : INT_VECTOR, species(t));
        } else {
            b.add("$L.intoArray(", value.receiver());
        }
        b.add("$N, $L", a.array(), element);
        if (x.stride() != 1) {
            b.add(", $L, 0", cls.strideMap(x.stride()));
        }
        if (mask != null) {
            b.add(", $L", typedMask);
        }
        return b.add(")").build();
    }

    /**
     * An f32 load at stride 2 (pooling, strided windows) as two contiguous loads, at {@code e} and
     * {@code e + lanes - 1}, which hold the elements {@code e + 2i}: the even lanes of the first and the odd
     * lanes of the second, picked by constant shuffles and joined. C2 compiles the JDK's gather into a slow
     * sequence where it compiles it at all; these are plain loads, permutes and a blend. Without a mask the two
     * loads read exactly the elements {@code e … e + 2·lanes - 2} the lanes need. Under a mask each load reads
     * only the elements of lanes that are on: the mask, spread over pairs of lanes, restricted to the lanes
     * that hold a wanted element.
     */
    private CodeBlock strideTwoLoad(Env.BufferRef.Array a, VValue.Affine x, Ctx ctx) {
        CodeBlock first = ScalarExprs.plusOffset(a.offset(), x.base());
        CodeBlock second = CodeBlock.of("$L + $L.length() - 1", first, cls.floatSpecies());
        CodeBlock low;
        CodeBlock high;
        if (ctx.mask() == null) {
            low = CodeBlock.of("$T.fromArray($L, $N, $L)", FLOAT_VECTOR, cls.floatSpecies(), a.array(), first);
            high = CodeBlock.of("$T.fromArray($L, $N, $L)", FLOAT_VECTOR, cls.floatSpecies(), a.array(), second);
        } else {
            maskedStrideTwoLoads++;
            String on = temp(ctx, FLOAT_VECTOR, CodeBlock.of("$T.zero($L).blend(1f, $L)", FLOAT_VECTOR, cls.floatSpecies(),
                    ctx.mask()), "on");
            String lowMask = temp(ctx, ClassFields.FLOAT_MASK, CodeBlock.of("$N.rearrange($L).compare($T.NE, 0f).and($L)",
                    on, cls.stride2(ClassFields.Stride2.SPREAD_LO), VECTOR_OPERATORS,
                    cls.stride2(ClassFields.Stride2.EVEN_LANES)), "lo");
            String highMask = temp(ctx, ClassFields.FLOAT_MASK, CodeBlock.of("$N.rearrange($L).compare($T.NE, 0f).and($L)",
                    on, cls.stride2(ClassFields.Stride2.SPREAD_HI), VECTOR_OPERATORS,
                    cls.stride2(ClassFields.Stride2.ODD_LANES)), "hi");
            low = CodeBlock.of("$T.fromArray($L, $N, $L, $N)", FLOAT_VECTOR, cls.floatSpecies(), a.array(), first, lowMask);
            high = CodeBlock.of("$T.fromArray($L, $N, $L, $N)", FLOAT_VECTOR, cls.floatSpecies(), a.array(), second,
                    highMask);
        }
        return CodeBlock.of("$L.rearrange($L).blend($L.rearrange($L), $L)", low, cls.stride2(ClassFields.Stride2.EVEN),
                high, cls.stride2(ClassFields.Stride2.ODD), cls.stride2(ClassFields.Stride2.UPPER));
    }

    /** Stride-2 loads emitted under a lane mask so far: guards whose bodies have them get an unmasked copy. */
    int maskedStrideTwoLoads() {
        return maskedStrideTwoLoads;
    }

    private CodeBlock species(ScalarType t) {
        return t == ScalarType.F32 ? cls.floatSpecies() : cls.intSpecies();
    }

    // ---- arithmetic

    private VValue binary(Expr.Bin bin, Env env, Ctx ctx) {
        BinOp op = bin.op();
        VValue a = emit(bin.a(), env, ctx);
        if ((op == BinOp.AND || op == BinOp.OR) && a.type() == ScalarType.BOOL && a instanceof VValue.Vec va) {
            // The right operand counts only where the left one lets it: evaluate it under those lanes.
            String left = temp(ctx, ClassFields.FLOAT_MASK, va.code(), "c");
            VValue b = emit(bin.b(), env, ctx.narrow(CodeBlock.of("$N", left), op == BinOp.OR));
            return VValue.vec(CodeBlock.of(op == BinOp.AND ? "$N.and($L)" : "$N.or($L)", left, mask(b).code()),
                    ScalarType.BOOL);
        }
        return binary(op, a, emit(bin.b(), env, ctx));
    }

    VValue binary(BinOp op, VValue a, VValue b) {
        if (a instanceof VValue.Uniform ua && b instanceof VValue.Uniform ub) {
            return uniform(scalar.binary(op, ua.value(), ub.value()));
        }
        VValue affine = affine(op, a, b);
        if (affine != null) {
            return affine;
        }
        return switch (a.type()) {
            case F32 -> floatBinary(op, a, b);
            case I32 -> intBinary(op, a, b);
            case BOOL -> maskBinary(op, mask(a), mask(b));
            default -> throw new NotVectorizable(op.text() + " of " + a.type() + " vectors");
        };
    }

    /** Index arithmetic that keeps an index affine in the lane, or a comparison of one as a lane prefix. */
    private VValue affine(BinOp op, VValue a, VValue b) {
        if (a.type() != ScalarType.I32 || a instanceof VValue.Vec || b instanceof VValue.Vec) {
            return null;
        }
        JExpr ba = base(a);
        JExpr bb = base(b);
        long sa = stride(a);
        long sb = stride(b);
        switch (op) {
            case ADD, SUB -> {
                long s = op == BinOp.ADD ? sa + sb : sa - sb;
                JExpr base = ba.constant() != null && bb.constant() != null
                        ? ScalarExprs.intLiteral(ScalarType.I32, (int) (op == BinOp.ADD
                                ? ba.constant() + bb.constant() : ba.constant() - bb.constant()))
                        : scalar.binary(op, ba, bb);
                return s == 0 ? uniform(base) : new VValue.Affine(base, s);
            }
            case MUL -> {
                if (sa == 0 && ba.constant() != null) {
                    return scaled(bb, sb, ba, ba.constant());
                }
                if (sb == 0 && bb.constant() != null) {
                    return scaled(ba, sa, bb, bb.constant());
                }
                return null;
            }
            case LT, LE -> {
                // base + i < u  <=>  i < u - base;   u < base + i  <=>  !(i < u - base + 1)
                if (sa == 1 && sb == 0) {
                    return lanesBelow(bb, ba, op == BinOp.LE ? 1 : 0, false);
                }
                if (sa == 0 && sb == 1) {
                    return lanesBelow(ba, bb, op == BinOp.LT ? 1 : 0, true);
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private VValue scaled(JExpr base, long stride, JExpr factor, long k) {
        JExpr scaledBase = scalar.binary(BinOp.MUL, base, factor);
        long s = stride * k;
        return s == 0 ? uniform(scaledBase) : new VValue.Affine(scaledBase, s);
    }

    /**
     * The lanes i with {@code i < bound - base + plus} (negated: the others). A limit known here is a constant
     * of the class, or no mask at all when it takes every lane or none: a mask made in a loop is not hoisted
     * out of it by the JIT, and costs more than the masked load it guards.
     */
    private VValue lanesBelow(JExpr bound, JExpr base, int plus, boolean negate) {
        if (bound.constant() != null && base.constant() != null) {
            long n = bound.constant() - base.constant() + plus;
            if (n <= 0 || n >= cls.lanes32()) {
                return uniform(ScalarExprs.intLiteral(ScalarType.BOOL, (n > 0) != negate ? 1 : 0));
            }
            return VValue.vec(cls.laneMask((int) n, negate), ScalarType.BOOL);
        }
        CodeBlock limit = CodeBlock.of("(long) $L", bound.operand());
        if (!base.isZero()) {
            limit = CodeBlock.of("$L - $L", limit, base.operand(JExpr.ADDITIVE + 1));
        }
        if (plus != 0) {
            limit = CodeBlock.of("$L + $L", limit, plus);
        }
        CodeBlock m = CodeBlock.of("$T.lanesBelow($L, $L)", VECTOR_FUNCTIONS, cls.floatSpecies(), limit);
        return VValue.vec(negate ? CodeBlock.of("$L.not()", m) : m, ScalarType.BOOL);
    }

    private static JExpr base(VValue v) {
        return v instanceof VValue.Affine x ? x.base() : ((VValue.Uniform) v).value();
    }

    private static long stride(VValue v) {
        return v instanceof VValue.Affine x ? x.stride() : 0;
    }

    private VValue floatBinary(BinOp op, VValue a, VValue b) {
        if (op.isComparison()) {
            return compare(op, a, b, ScalarType.F32);
        }
        String method = switch (op) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case DIV -> "div";
            case MIN -> "min";
            case MAX -> "max";
            case POW -> "pow";
            default -> throw new NotVectorizable(op.text() + " of f32 vectors");
        };
        return lanewise(method, a, b, ScalarType.F32, op == BinOp.ADD || op == BinOp.MUL || op == BinOp.MIN
                || op == BinOp.MAX);
    }

    private VValue intBinary(BinOp op, VValue a, VValue b) {
        if (op.isComparison()) {
            return compare(op, a, b, ScalarType.I32);
        }
        String method = switch (op) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case MIN -> "min";
            case MAX -> "max";
            case AND -> "and";
            case OR -> "or";
            case DIV -> {
                // Lanes that are off may hold 0; only a constant non-zero divisor cannot throw.
                if (b instanceof VValue.Uniform u && u.value().constant() != null && u.value().constant() != 0) {
                    yield "div";
                }
                throw new NotVectorizable("i32 division by a value that may be 0 in some lane");
            }
            default -> throw new NotVectorizable(op.text() + " of i32 vectors");
        };
        return lanewise(method, a, b, ScalarType.I32, op != BinOp.SUB && op != BinOp.DIV);
    }

    /** {@code a.method(b)}, with a scalar b where it is uniform; a uniform a is swapped or broadcast. */
    private VValue lanewise(String method, VValue a, VValue b, ScalarType t, boolean commutative) {
        if (a instanceof VValue.Uniform && commutative) {
            VValue x = a;
            a = b;
            b = x;
        }
        VValue.Vec va = asVec(a, t);
        CodeBlock arg = b instanceof VValue.Uniform u ? u.value().code() : asVec(b, t).code();
        CodeBlock code = switch (method) {
            case "pow" -> CodeBlock.of("$L.lanewise($T.POW, $L)", va.receiver(), VECTOR_OPERATORS, arg);
            case "div" -> t == ScalarType.I32 ? CodeBlock.of("$L.lanewise($T.DIV, $L)", va.receiver(), VECTOR_OPERATORS, arg)
                    : CodeBlock.of("$L.div($L)", va.receiver(), arg);
            default -> CodeBlock.of("$L.$L($L)", va.receiver(), method, arg);
        };
        return VValue.vec(code, t);
    }

    private VValue compare(BinOp op, VValue a, VValue b, ScalarType t) {
        String name = switch (op) {
            case LT -> "LT";
            case LE -> "LE";
            case EQ -> "EQ";
            case NE -> "NE";
            default -> throw new AssertionError(op);
        };
        if (a instanceof VValue.Uniform) {
            // u < v  <=>  v > u (also for NaN: both false)
            name = switch (op) {
                case LT -> "GT";
                case LE -> "GE";
                default -> name;
            };
            VValue x = a;
            a = b;
            b = x;
        }
        VValue.Vec va = asVec(a, t);
        CodeBlock arg = b instanceof VValue.Uniform u ? u.value().code() : asVec(b, t).code();
        CodeBlock m = CodeBlock.of("$L.compare($T.$L, $L)", va.receiver(), VECTOR_OPERATORS, name, arg);
        return VValue.vec(t == ScalarType.I32 ? CodeBlock.of("$L.cast($L)", m, cls.floatSpecies()) : m, ScalarType.BOOL);
    }

    private static VValue maskBinary(BinOp op, VValue.Vec a, VValue.Vec b) {
        CodeBlock code = switch (op) {
            case AND -> CodeBlock.of("$L.and($L)", a.receiver(), b.code());
            case OR -> CodeBlock.of("$L.or($L)", a.receiver(), b.code());
            case EQ -> CodeBlock.of("$L.eq($L)", a.receiver(), b.code());
            case NE -> CodeBlock.of("$L.eq($L).not()", a.receiver(), b.code());
            // false < true: a < b is !a && b; a <= b is !a || b
            case LT -> CodeBlock.of("$L.andNot($L)", b.receiver(), a.code());
            case LE -> CodeBlock.of("$L.not().or($L)", a.receiver(), b.code());
            default -> throw new NotVectorizable(op.text() + " of bool vectors");
        };
        return VValue.vec(code, ScalarType.BOOL);
    }

    VValue unary(UnOp op, VValue a, Ctx ctx) {
        if (a instanceof VValue.Uniform u) {
            return uniform(scalar.unary(op, u.value()));
        }
        if (a instanceof VValue.Affine x && op == UnOp.NEG) {
            return new VValue.Affine(scalar.unary(op, x.base()), -x.stride());
        }
        ScalarType t = a.type();
        if (t == ScalarType.BOOL) {
            return VValue.vec(CodeBlock.of("$L.not()", mask(a).receiver()), t);
        }
        VValue.Vec v = asVec(a, t);
        if (t == ScalarType.I32) {
            return switch (op) {
                case NEG -> VValue.vec(CodeBlock.of("$L.neg()", v.receiver()), t);
                case ABS -> VValue.vec(CodeBlock.of("$L.abs()", v.receiver()), t);
                case FLOOR, CEIL, RINT -> v;
                default -> throw new NotVectorizable(op.text() + " of i32 vectors");
            };
        }
        if (t != ScalarType.F32) {
            throw new NotVectorizable(op.text() + " of " + t + " vectors");
        }
        CodeBlock code = switch (op) {
            case NEG -> CodeBlock.of("$L.neg()", v.receiver());
            case ABS -> CodeBlock.of("$L.abs()", v.receiver());
            case SQRT -> CodeBlock.of("$L.sqrt()", v.receiver());
            case EXP, LOG, TANH, SIN, COS -> CodeBlock.of("$L.lanewise($T.$L)", v.receiver(), VECTOR_OPERATORS, op.name());
            case ERF, FLOOR, CEIL, RINT -> functions.emit(op, v, ctx.out()).code();
            case NOT -> throw new AssertionError(op);
        };
        return VValue.vec(code, t);
    }

    private VValue fma(VValue a, VValue b, VValue c) {
        if (a instanceof VValue.Uniform ua && b instanceof VValue.Uniform ub && c instanceof VValue.Uniform uc) {
            return uniform(ScalarExprs.fma(ua.value(), ub.value(), uc.value()));
        }
        if (a.type() != ScalarType.F32) {
            throw new NotVectorizable("fma of " + a.type() + " vectors");
        }
        // a·b is exact before the one rounding, so the factors may trade places.
        if (!(a instanceof VValue.Vec) && b instanceof VValue.Vec) {
            VValue x = a;
            a = b;
            b = x;
        }
        return VValue.vec(CodeBlock.of("$L.fma($L, $L)", asVec(a, ScalarType.F32).receiver(),
                asVec(b, ScalarType.F32).code(), asVec(c, ScalarType.F32).code()), ScalarType.F32);
    }

    private VValue select(Expr.Select s, Env env, Ctx ctx) {
        VValue cond = emit(s.cond(), env, ctx);
        if (cond instanceof VValue.Uniform uc) {
            VValue a = emit(s.a(), env, ctx);
            VValue b = emit(s.b(), env, ctx);
            if (a instanceof VValue.Uniform ua && b instanceof VValue.Uniform ub) {
                return uniform(ScalarExprs.select(uc.value(), ua.value(), ub.value()));
            }
            ScalarType t = a.type();
            return new VValue.Vec(CodeBlock.of("$L ? $L : $L", uc.value().operand(JExpr.CONDITIONAL + 1), asVec(a, t).receiver(),
                    asVec(b, t).receiver()), t, false);
        }
        // Each arm is evaluated only in the lanes that take it: its loads may be invalid elsewhere.
        String m = temp(ctx, ClassFields.FLOAT_MASK, mask(cond).code(), "c");
        CodeBlock mc = CodeBlock.of("$N", m);
        VValue a = emit(s.a(), env, ctx.narrow(mc, false));
        if (isZeroFilledLoad(s.a(), env, ctx) && s.b() instanceof Expr.FloatImm zero && zero.value() == 0
                && Double.doubleToRawLongBits(zero.value()) == 0) {
            // A contiguous masked load already reads +0 in the lanes that are off.
            return a;
        }
        VValue b = emit(s.b(), env, ctx.narrow(mc, true));
        ScalarType t = a.type();
        if (t == ScalarType.BOOL) {
            return VValue.vec(CodeBlock.of("$L.and($N).or($L.andNot($N))", mask(a).receiver(), m, mask(b).receiver(), m), t);
        }
        if (t == ScalarType.I32) {
            // The lane mask is over floats; an int vector blends with the same lanes as an int mask.
            return VValue.vec(CodeBlock.of("$L.blend($L, $N.cast($L))", asVec(b, t).receiver(), asVec(a, t).code(), m,
                    cls.intSpecies()), t);
        }
        return VValue.vec(CodeBlock.of("$L.blend($L, $N)", asVec(b, t).receiver(), asVec(a, t).code(), m), t);
    }

    /** {@code e} is an f32 load that {@link #vectorAccess} makes a contiguous (so zero-filling) masked load. */
    private boolean isZeroFilledLoad(Expr e, Env env, Ctx ctx) {
        return e instanceof Expr.Load l && l.type() == ScalarType.F32
                && env.lookup(l.buffer()) instanceof Env.BufferRef.Array
                && emit(l.index(), env, ctx) instanceof VValue.Affine x && x.stride() == 1;
    }

    private VValue convert(VValue a, ScalarType to) {
        ScalarType from = a.type();
        if (from == to) {
            return a;
        }
        if (a instanceof VValue.Uniform u) {
            return uniform(ScalarExprs.convert(u.value(), to));
        }
        String key = from + ">" + to;
        return switch (key) {
            case "I32>F32" -> new VValue.Vec(CodeBlock.of("($T) $L.convert($T.I2F, 0)", FLOAT_VECTOR,
                    asVec(a, from).receiver(), VECTOR_OPERATORS), to, false);
            case "F32>I32" -> new VValue.Vec(CodeBlock.of("($T) $L.convert($T.F2I, 0)", INT_VECTOR,
                    asVec(a, from).receiver(), VECTOR_OPERATORS), to, false);
            case "BOOL>F32" -> VValue.vec(CodeBlock.of("$T.zero($L).blend(1f, $L)", FLOAT_VECTOR, cls.floatSpecies(),
                    mask(a).code()), to);
            case "BOOL>I32" -> VValue.vec(CodeBlock.of("$T.zero($L).blend(1, $L.cast($L))", INT_VECTOR,
                    cls.intSpecies(), mask(a).receiver(), cls.intSpecies()), to);
            case "F32>BOOL" -> VValue.vec(CodeBlock.of("$L.compare($T.NE, 0f)", asVec(a, from).receiver(),
                    VECTOR_OPERATORS), to);
            case "I32>BOOL" -> VValue.vec(CodeBlock.of("$L.compare($T.NE, 0).cast($L)", asVec(a, from).receiver(),
                    VECTOR_OPERATORS, cls.floatSpecies()), to);
            default -> throw new NotVectorizable("conversion from " + from + " to " + to + " of vectors");
        };
    }

    // ---- materialisation

    /** {@code v} as a vector of {@code t}: a broadcast of a uniform value, an index vector of an affine one. */
    VValue.Vec asVec(VValue v, ScalarType t) {
        if (t == ScalarType.BOOL) {
            return mask(v);
        }
        if (t != ScalarType.F32 && t != ScalarType.I32) {
            throw new NotVectorizable(t + " vectors");
        }
        return switch (v) {
            case VValue.Vec x -> x;
            case VValue.Uniform u -> VValue.vec(CodeBlock.of("$T.broadcast($L, $L)",
                    t == ScalarType.F32 ? FLOAT_VECTOR : INT_VECTOR, species(t), u.value().code()), t);
            case VValue.Affine x -> VValue.vec(CodeBlock.of("$T.broadcast($L, $L).addIndex($L)", INT_VECTOR,
                    cls.intSpecies(), x.base().code(), x.stride()), t);
        };
    }

    VValue.Vec mask(VValue v) {
        return switch (v) {
            case VValue.Vec x -> x;
            case VValue.Uniform u -> VValue.vec(CodeBlock.of("$L.maskAll($L)", cls.floatSpecies(), u.value().code()),
                    ScalarType.BOOL);
            case VValue.Affine x -> throw new IllegalStateException("an index used as a condition");
        };
    }

    /** Declares {@code final type name = code;} in the context's statements and returns the name. */
    String temp(Ctx ctx, TypeName type, CodeBlock code, String base) {
        String name = names.fresh(base);
        ctx.out().addStatement("final $T $N = $L", type, name, code);
        return name;
    }
}
