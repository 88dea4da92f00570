package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kiln.frontend.check.BlockRef;
import kiln.frontend.check.Program;
import kiln.frontend.check.Signature;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.Expr;
import kiln.frontend.syntax.InstanceName;
import kiln.ir.graph.IrException;
import kiln.runtime.DType;

/** Evaluates expressions: literals, names, operators, indexing, and calls of built-ins and blocks. */
final class Evaluator {
    /** Names predefined as values: the batch size, constants and the element types. */
    static final Map<String, Val> CONSTANTS = constants();

    private final Context ctx;
    private final Lowering lowering;

    Evaluator(Context ctx, Lowering lowering) {
        this.ctx = ctx;
        this.lowering = lowering;
    }

    private static Map<String, Val> constants() {
        Map<String, Val> m = new java.util.LinkedHashMap<>();
        m.put("N", Val.BATCH);
        m.put("pi", new Val.FloatVal(Math.PI));
        m.put("inf", new Val.FloatVal(Double.POSITIVE_INFINITY));
        for (DType d : DType.values()) {
            m.put(d.text(), new Val.DTypeVal(d));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    Val eval(Expr e, Frame f, Env env) {
        return switch (e) {
            case Expr.IntLit i -> new Val.IntVal(i.value());
            case Expr.FloatLit x -> new Val.FloatVal(x.value());
            case Expr.BoolLit b -> new Val.BoolVal(b.value());
            case Expr.NoneLit n -> Val.NONE;
            case Expr.StringLit s -> new Val.StrVal(s.value());
            case Expr.Name n -> name(n, env);
            case Expr.ListLit l -> {
                List<Val> items = new ArrayList<>();
                for (Expr item : l.items()) {
                    items.add(eval(item, f, env));
                }
                yield new Val.ListVal(items);
            }
            case Expr.Unary u -> Arithmetic.unary(ctx, u.op(), eval(u.operand(), f, env), u.span());
            case Expr.Binary b -> binary(b, f, env);
            case Expr.Call c -> call(c, f, env);
            case Expr.Param p -> ctx.broken.contains(p) ? Val.ERROR
                    : new Val.TensorVal(lowering.declare(p.name(), p.type(), f, env));
            case Expr.Index i -> Indexing.index(ctx, eval(i.target(), f, env), items(i, f, env), i);
        };
    }

    private Val name(Expr.Name n, Env env) {
        Val v = env.get(n.name());
        if (v == null) {
            v = CONSTANTS.get(n.name());
        }
        // The resolver has reported any undefined name; here it can only be poison.
        return v == null ? Val.ERROR : v;
    }

    private Val binary(Expr.Binary b, Frame f, Env env) {
        Val left = eval(b.left(), f, env);
        if (b.op() == Expr.BinaryOp.AND || b.op() == Expr.BinaryOp.OR) {
            if (left instanceof Val.ErrorVal) {
                return left;
            }
            boolean l = Arithmetic.truth(left, b.left().span(), b.op());
            if (l == (b.op() == Expr.BinaryOp.OR)) {
                return new Val.BoolVal(l);
            }
            Val right = eval(b.right(), f, env);
            return right instanceof Val.ErrorVal ? right
                    : new Val.BoolVal(Arithmetic.truth(right, b.right().span(), b.op()));
        }
        return Arithmetic.binary(ctx, b.op(), left, eval(b.right(), f, env), b);
    }

    /** The evaluated index items: At holds one value, Range three (null when left out), Ellipsis none. */
    private List<Val[]> items(Expr.Index i, Frame f, Env env) {
        List<Val[]> out = new ArrayList<>();
        for (Expr.IndexItem item : i.items()) {
            out.add(switch (item) {
                case Expr.At at -> new Val[] {eval(at.index(), f, env)};
                case Expr.Range r -> new Val[] {opt(r.start(), f, env), opt(r.stop(), f, env), opt(r.step(), f, env)};
                case Expr.Ellipsis el -> new Val[0];
            });
        }
        return out;
    }

    private Val opt(Expr e, Frame f, Env env) {
        return e == null ? null : eval(e, f, env);
    }

    private Val call(Expr.Call c, Frame f, Env env) {
        if (ctx.broken.contains(c)) {
            return Val.ERROR;
        }
        Builtins.Builtin b = ctx.builtins.get(c.callee());
        if (b != null) {
            Bound bound = bind(c, b.signature(), f, env);
            if (bound.poisoned()) {
                return Val.ERROR;
            }
            for (int i = 0; i < bound.values().length; i++) {
                if (bound.values()[i] == null) {
                    bound.values()[i] = b.defaults().get(i);
                }
                if (bound.values()[i] == null) {
                    return Val.ERROR;
                }
            }
            Args args = new Args(ctx, c.callee(), c.span(), b.signature(), bound.values(), bound.spans());
            try {
                return b.impl().call(args);
            } catch (IrException e) {
                // An op record refused its attributes (a negative stride, an empty permutation, ...).
                throw new Failure(Code.OP_REJECTS_INPUTS, c.span(), c.callee() + ": " + e.getMessage());
            }
        }
        if (!(Program.lookup(f.module, c.callee()) instanceof Program.Lookup.Found found)) {
            return Val.ERROR;
        }
        return instantiate(found.block(), c, f, env);
    }

    /** Argument values by parameter position (null where not given), the spans they were written at. */
    private record Bound(Val[] values, Span[] spans, boolean poisoned) {
    }

    private Bound bind(Expr.Call c, Signature sig, Frame f, Env env) {
        Val[] values = new Val[sig.params().size()];
        Span[] spans = new Span[values.length];
        boolean poisoned = false;
        int positional = 0;
        for (Expr.Arg a : c.args()) {
            int i = a.keyword() == null ? positional++ : sig.indexOf(a.keyword());
            Val v = eval(a.value(), f, env);
            poisoned |= Val.poisoned(v);
            if (i >= 0 && i < values.length) {
                values[i] = v;
                spans[i] = a.value().span();
            }
        }
        return new Bound(values, spans, poisoned);
    }

    private Val instantiate(BlockRef ref, Expr.Call c, Frame f, Env env) {
        Decl.Block block = ref.block();
        if (f.depth + 1 > Context.MAX_DEPTH) {
            throw new Failure(Code.INSTANTIATION_TOO_DEEP, c.calleeSpan(), "blocks are instantiated more than "
                    + Context.MAX_DEPTH + " levels deep here");
        }
        Bound bound = bind(c, Signature.of(block), f, env);
        String prefix = c.instance() == null ? f.prefix : f.prefix + instanceName(c.instance(), f, env) + ".";
        Frame inner = f.enter(ref.module(), block.name(), prefix, c.span());
        Env benv = new Env(null);
        for (int i = 0; i < block.params().size(); i++) {
            Decl.BlockParam p = block.params().get(i);
            Val v = bound.values()[i];
            if (v == null && p.defaultValue() == null) {
                v = Val.ERROR;
            } else if (v == null) {
                try {
                    v = eval(p.defaultValue(), inner, benv);
                    v = Types.accept(p, v, p.defaultValue().span(), block.name());
                } catch (Failure e) {
                    ctx.report(inner, e);
                    v = Val.ERROR;
                }
            } else {
                v = Types.accept(p, v, bound.spans()[i], block.name());
            }
            benv.define(p.name(), v);
        }
        Lowering.Returned ret = new Lowering.Returned();
        lowering.body(block.body(), inner, benv, ret);
        return switch (ret.values.size()) {
            case 0 -> Val.NONE;
            case 1 -> ret.values.getFirst();
            default -> new Val.ListVal(ret.values);
        };
    }

    /** {@code stages[s].blocks[i]} with s = 2, i = 0 is {@code stages.2.blocks.0}. */
    String instanceName(InstanceName name, Frame f, Env env) {
        StringBuilder sb = new StringBuilder();
        for (InstanceName.Part p : name.parts()) {
            if (p.name() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(p.name());
            }
            for (Expr index : p.indices()) {
                Val v = eval(index, f, env);
                if (v instanceof Val.ErrorVal) {
                    throw Failure.silent();
                }
                long n = integer(v, index.span(), "an index in an instance name");
                if (n < 0) {
                    throw new Failure(Code.BAD_VALUE, index.span(), "an index in an instance name cannot be negative,"
                            + " got " + n);
                }
                sb.append(sb.isEmpty() ? "" : ".").append(n);
            }
        }
        return sb.toString();
    }

    /** {@code v} as an integer, or a K0401 (K0407 for N) saying what needed one. */
    static long integer(Val v, Span at, String what) {
        return switch (v) {
            case Val.IntVal i -> i.value();
            case Val.BatchVal b -> throw new Failure(Code.BATCH_ARITHMETIC, at, what + " must be a number; N, the "
                    + "batch size, is not known until the model runs");
            default -> throw new Failure(Code.TYPE_MISMATCH, at, what + " must be an int, got " + Val.describe(v));
        };
    }
}
