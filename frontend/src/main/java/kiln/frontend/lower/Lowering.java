package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kiln.frontend.check.Program;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.InstanceName;
import kiln.frontend.syntax.Stmt;
import kiln.frontend.syntax.TypeExpr;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;

/**
 * Lowers a resolved program's model to Graph IR by running it: loops unroll, conditionals pick a branch,
 * every block instance is laid out with its own parameter names, and every operator call becomes nodes
 * whose types are inferred as they are added, so a shape error is reported at the call that causes it.
 * Each statement that fails is reported and poisons what it would have defined; the rest of the model
 * is still lowered, so independent errors are all found in one run.
 */
public final class Lowering {
    private final Context ctx;
    private final Evaluator eval;

    private Lowering(Context ctx) {
        this.ctx = ctx;
        this.eval = new Evaluator(ctx, this);
    }

    /**
     * The first model of {@code program} as a graph, or null when errors were reported.
     *
     * @param broken the statements and calls the resolver reported (by identity); they are skipped, and
     *               what they would define is poison, so lowering adds only errors of its own
     */
    public static Graph lower(Program program, Builtins builtins, Diagnostics diagnostics, java.util.Set<Object> broken) {
        Decl.Model model = program.root().models().getFirst();
        Context ctx = new Context(diagnostics, builtins, broken);
        Frame frame = new Frame(program.root(), "", List.of(), 0);
        try {
            new Lowering(ctx).body(model.body(), frame, new Env(null), new Returned());
        } catch (Abort a) {
            ctx.report(frame, a.failure());
        }
        return diagnostics.hasErrors() ? null : ctx.draft.build(model.name());
    }

    /** Names predefined as values: N, pi, inf and the element types. */
    public static java.util.Set<String> constantNames() {
        return Evaluator.CONSTANTS.keySet();
    }

    /** Where a block body's return puts its values. */
    static final class Returned {
        List<Val> values = List.of();
    }

    void body(List<Stmt> stmts, Frame f, Env env, Returned ret) {
        for (Stmt s : stmts) {
            exec(s, f, env, ret);
        }
    }

    private void exec(Stmt s, Frame f, Env env, Returned ret) {
        ctx.step(s.span());
        if (ctx.broken.contains(s)) {
            poison(s, env, ret);
            return;
        }
        try {
            switch (s) {
                case Stmt.Let l -> bind(l.targets(), eval.eval(l.value(), f, env), f, env, true);
                case Stmt.Assign a -> bind(a.targets(), eval.eval(a.value(), f, env), f, env, false);
                case Stmt.Param p -> param(p, f, env);
                case Stmt.Input in -> input(in, f, env);
                case Stmt.Output o -> output(o, f, env);
                case Stmt.If i -> ifStmt(i, f, env, ret);
                case Stmt.For fo -> forStmt(fo, f, env, ret);
                case Stmt.Repeat r -> repeat(r, f, env, ret);
                case Stmt.Return r -> {
                    List<Val> values = new ArrayList<>();
                    for (var e : r.values()) {
                        values.add(eval.eval(e, f, env));
                    }
                    ret.values = values;
                }
            }
        } catch (Failure e) {
            if (!e.isSilent()) {
                ctx.report(f, e);
            }
            poison(s, env, ret);
        }
    }

    private void bind(List<Stmt.Target> targets, Val v, Frame f, Env env, boolean define) {
        List<Val> values;
        if (targets.size() == 1) {
            values = List.of(v);
        } else if (v instanceof Val.ErrorVal) {
            values = java.util.Collections.nCopies(targets.size(), Val.ERROR);
        } else if (v instanceof Val.ListVal l && l.items().size() == targets.size()) {
            values = l.items();
        } else {
            throw new Failure(Code.DESTRUCTURE_COUNT, targets.getFirst().span().to(targets.getLast().span()),
                    targets.size() + " names cannot take " + Val.describe(v));
        }
        for (int i = 0; i < targets.size(); i++) {
            Stmt.Target t = targets.get(i);
            Val value = values.get(i);
            if (value instanceof Val.TensorVal tv) {
                ctx.draft.hint(tv.sym(), f.prefix + t.name());
            }
            if (define) {
                env.define(t.name(), value);
            } else {
                env.assign(t.name(), value);
            }
        }
    }

    private void param(Stmt.Param p, Frame f, Env env) {
        env.define(p.variable(), Val.ERROR);
        env.define(p.variable(), new Val.TensorVal(declare(p.name(), p.type(), f, env)));
    }

    /** Declares a weight named with the frame's prefix; the same full name twice is K0503. */
    Sym declare(InstanceName name, TypeExpr t, Frame f, Env env) {
        String full = f.prefix + eval.instanceName(name, f, env);
        TensorType type = type(t, f, env, false);
        Context.Declared earlier = ctx.names.get(full);
        if (earlier != null) {
            String first = earlier.at().location();
            throw new Failure(Code.DUPLICATE_PARAMETER, name.span(), earlier.kind().equals("input")
                    ? "parameter '" + full + "' has the name of the model input declared at " + first
                    : "parameter '" + full + "' is declared twice (first at " + first + (earlier.instance() == null ? ""
                            : ", in the instance made at " + earlier.instance().location())
                            + "); name each block instance with `as NAME`, or move the param out of the loop");
        }
        Sym sym = ctx.draft.param(full, type);
        ctx.names.put(full, new Context.Declared("parameter", name.span(), f.trace.isEmpty() ? null
                : f.trace.getFirst().span(), sym));
        return sym;
    }

    private void input(Stmt.Input in, Frame f, Env env) {
        env.define(in.name(), Val.ERROR);
        TensorType type = type(in.type(), f, env, true);
        Sym sym = ctx.draft.input(in.name(), type);
        ctx.names.put(in.name(), new Context.Declared("input", in.nameSpan(), null, sym));
        env.define(in.name(), new Val.TensorVal(sym));
    }

    private void output(Stmt.Output o, Frame f, Env env) {
        Val v = o.value() != null ? eval.eval(o.value(), f, env) : env.get(o.name());
        if (v == null || Val.poisoned(v)) {
            return;
        }
        Span at = o.value() != null ? o.value().span() : o.nameSpan();
        if (!(v instanceof Val.TensorVal t)) {
            throw new Failure(Code.TYPE_MISMATCH, at, "output '" + o.name() + "' must be a tensor, got "
                    + Val.describe(v));
        }
        if (o.type() != null) {
            TensorType declared = type(o.type(), f, env, true);
            boolean dtypeOk = o.type().dtype() == null || declared.dtype() == t.sym().type().dtype();
            if (!dtypeOk || !declared.shape().equals(t.sym().type().shape())) {
                throw new Failure(Code.OUTPUT_TYPE_MISMATCH, o.type().span(), "output '" + o.name() + "' is "
                        + t.sym().type() + " but is declared " + (o.type().dtype() == null ? declared.shape()
                                : declared));
            }
        }
        ctx.draft.hint(t.sym(), o.name());
        ctx.draft.output(o.name(), t.sym());
    }

    /** A declared tensor type; {@code N} is allowed only where {@code batch} is. */
    TensorType type(TypeExpr t, Frame f, Env env, boolean batch) {
        DType dtype = t.dtype() == null ? DType.F32 : DType.fromText(t.dtype());
        if (dtype == null) {
            throw Failure.silent();
        }
        int[] dims = new int[t.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            var d = t.dims().get(i);
            Val v = eval.eval(d, f, env);
            switch (v) {
                case Val.IntVal n when n.value() >= 0 && n.value() <= Integer.MAX_VALUE -> dims[i] = (int) n.value();
                case Val.IntVal n -> throw new Failure(Code.BAD_SHAPE, d.span(), "a dimension must be between 0 and "
                        + Integer.MAX_VALUE + ", got " + n.value());
                case Val.BatchVal b when batch -> dims[i] = Shape.BATCH;
                case Val.BatchVal b -> throw new Failure(Code.BAD_SHAPE, d.span(), "N, the batch size, belongs in the"
                        + " shapes of model inputs and outputs; a parameter's shape is fixed");
                case Val.ErrorVal e -> throw Failure.silent();
                default -> throw new Failure(Code.TYPE_MISMATCH, d.span(), "a dimension must be an int, got "
                        + Val.describe(v));
            }
        }
        return new TensorType(dtype, Shape.of(dims));
    }

    private void ifStmt(Stmt.If i, Frame f, Env env, Returned ret) {
        Val c = eval.eval(i.condition(), f, env);
        if (c instanceof Val.ErrorVal) {
            poison(i, env, ret);
            return;
        }
        if (!(c instanceof Val.BoolVal b)) {
            throw new Failure(Code.TYPE_MISMATCH, i.condition().span(), "a condition must be true or false, got "
                    + Val.describe(c));
        }
        body(b.value() ? i.then() : i.otherwise(), f, new Env(env), ret);
    }

    private void forStmt(Stmt.For fo, Frame f, Env env, Returned ret) {
        Val from = eval.eval(fo.from(), f, env);
        if (fo.to() == null) {
            if (from instanceof Val.ErrorVal) {
                poison(fo, env, ret);
                return;
            }
            if (!(from instanceof Val.ListVal l)) {
                throw new Failure(Code.TYPE_MISMATCH, fo.from().span(), "for ... in needs a list or a range a..b, got "
                        + Val.describe(from));
            }
            for (Val item : l.items()) {
                iteration(fo, item, f, env, ret);
            }
            return;
        }
        Val to = eval.eval(fo.to(), f, env);
        if (Val.poisoned(from) || Val.poisoned(to)) {
            poison(fo, env, ret);
            return;
        }
        long a = Evaluator.integer(from, fo.from().span(), "the start of a range");
        long b = Evaluator.integer(to, fo.to().span(), "the end of a range");
        for (long i = a; i < b; i++) {
            iteration(fo, new Val.IntVal(i), f, env, ret);
        }
    }

    private void iteration(Stmt.For fo, Val item, Frame f, Env env, Returned ret) {
        ctx.step(fo.span());
        Env inner = new Env(env);
        inner.define(fo.variable().name(), item);
        body(fo.body(), f, inner, ret);
    }

    private void repeat(Stmt.Repeat r, Frame f, Env env, Returned ret) {
        Val c = eval.eval(r.count(), f, env);
        if (c instanceof Val.ErrorVal) {
            poison(r, env, ret);
            return;
        }
        long n = Evaluator.integer(c, r.count().span(), "a repeat count");
        if (n < 0) {
            throw new Failure(Code.BAD_VALUE, r.count().span(), "a repeat count cannot be negative, got " + n);
        }
        for (long i = 0; i < n; i++) {
            ctx.step(r.span());
            body(r.body(), f, new Env(env), ret);
        }
    }

    /** After a failed statement: whatever it would have defined or assigned becomes poison. */
    private static void poison(Stmt s, Env env, Returned ret) {
        switch (s) {
            case Stmt.Let l -> l.targets().forEach(t -> env.define(t.name(), Val.ERROR));
            case Stmt.Param p -> env.define(p.variable(), Val.ERROR);
            case Stmt.Input in -> env.define(in.name(), Val.ERROR);
            case Stmt.Return r -> ret.values = java.util.Collections.nCopies(Math.max(1, r.values().size()), Val.ERROR);
            case Stmt.Output o -> {
            }
            case Stmt.Assign a -> poisonAssigned(s, env);
            case Stmt.If i -> poisonAssigned(s, env);
            case Stmt.For fo -> poisonAssigned(s, env);
            case Stmt.Repeat r -> poisonAssigned(s, env);
        }
    }

    private static void poisonAssigned(Stmt s, Env env) {
        Set<String> assigned = new LinkedHashSet<>();
        assignedIn(s, assigned);
        assigned.forEach(name -> env.assign(name, Val.ERROR));
    }

    private static void assignedIn(Stmt s, Set<String> out) {
        switch (s) {
            case Stmt.Assign a -> a.targets().forEach(t -> out.add(t.name()));
            case Stmt.If i -> {
                i.then().forEach(x -> assignedIn(x, out));
                i.otherwise().forEach(x -> assignedIn(x, out));
            }
            case Stmt.For fo -> fo.body().forEach(x -> assignedIn(x, out));
            case Stmt.Repeat r -> r.body().forEach(x -> assignedIn(x, out));
            case Stmt.Let l -> {
            }
            case Stmt.Param p -> {
            }
            case Stmt.Input in -> {
            }
            case Stmt.Output o -> {
            }
            case Stmt.Return r -> {
            }
        }
    }
}
