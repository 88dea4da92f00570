package kiln.ir.loop;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks the rules of Loop IR that the record constructors cannot see, because they need the context of
 * a whole kernel:
 * <ul>
 *   <li>every variable is bound (by an enclosing loop or let) before use and never rebound within its scope;
 *   <li>an unrolled loop's extent is a constant; loop extents and indices are i32 (the records check types);
 *   <li>a {@code PARALLEL} loop is not inside another {@code PARALLEL} or a {@code VECTORIZED} loop, and a
 *       {@code VECTORIZED} loop is not inside another one;
 *   <li>each buffer access names a kernel parameter or a local buffer of an enclosing {@code allocate}, and
 *       is the same buffer (type, size, scope) as declared there; names are not declared twice in a scope;
 *   <li>constants fit their types; operators get operands they are defined on (arithmetic on numbers,
 *       {@code //} and {@code %} on integers, {@code && ||} on booleans (bitwise on integers), math
 *       functions on floats);
 *   <li>a constant index lies within its buffer.
 * </ul>
 */
public final class LoopVerifier {
    private final Kernel kernel;
    private final Map<String, Expr.Var> vars = new HashMap<>();
    private final Map<String, Buffer> buffers = new HashMap<>();

    private LoopVerifier(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Throws {@link LoopIrException} naming the first broken rule. */
    public static void verify(Kernel k) {
        new LoopVerifier(k).run();
    }

    private void run() {
        for (Buffer b : kernel.params()) {
            if (buffers.put(b.name(), b) != null) {
                throw error("two parameters named " + b.name(), null);
            }
        }
        stmt(kernel.body(), false, false);
    }

    private void stmt(Stmt s, boolean inParallel, boolean inVector) {
        switch (s) {
            case Stmt.For f -> {
                expr(f.extent(), s);
                if (f.kind() == LoopKind.UNROLLED && !(f.extent() instanceof Expr.IntImm)) {
                    throw error("unrolled loop " + f.var().name() + " needs a constant extent", s);
                }
                if (f.kind() == LoopKind.PARALLEL && (inParallel || inVector)) {
                    throw error("parallel loop " + f.var().name() + " inside a parallel or vectorized loop", s);
                }
                if (f.kind() == LoopKind.VECTORIZED && inVector) {
                    throw error("vectorized loop " + f.var().name() + " inside a vectorized loop", s);
                }
                bind(f.var(), s);
                stmt(f.body(), inParallel || f.kind() == LoopKind.PARALLEL, inVector || f.kind() == LoopKind.VECTORIZED);
                vars.remove(f.var().name());
            }
            case Stmt.Store st -> {
                access(st.buffer(), st.index(), s);
                expr(st.value(), s);
            }
            case Stmt.Seq q -> q.stmts().forEach(c -> stmt(c, inParallel, inVector));
            case Stmt.If i -> {
                expr(i.cond(), s);
                stmt(i.then(), inParallel, inVector);
                stmt(i.otherwise(), inParallel, inVector);
            }
            case Stmt.Let l -> {
                expr(l.value(), s);
                bind(l.var(), s);
                stmt(l.body(), inParallel, inVector);
                vars.remove(l.var().name());
            }
            case Stmt.Allocate a -> {
                if (buffers.containsKey(a.buffer().name())) {
                    throw error("buffer " + a.buffer().name() + " is already declared here", s);
                }
                buffers.put(a.buffer().name(), a.buffer());
                stmt(a.body(), inParallel, inVector);
                buffers.remove(a.buffer().name());
            }
        }
    }

    private void bind(Expr.Var v, Stmt at) {
        if (vars.containsKey(v.name())) {
            throw error("variable " + v.name() + " is bound again within its scope", at);
        }
        vars.put(v.name(), v);
    }

    private void access(Buffer b, Expr index, Stmt at) {
        Buffer declared = buffers.get(b.name());
        if (declared == null) {
            throw error((b.scope() == Buffer.Scope.LOCAL ? "local buffer " + b.name() + " used outside its allocate"
                    : "buffer " + b.name() + " is not a kernel parameter"), at);
        }
        if (!declared.equals(b)) {
            throw error("buffer " + b.name() + " used as " + describe(b) + " but declared " + describe(declared), at);
        }
        expr(index, at);
        if (index.type() != ScalarType.I32) {
            throw error("index of " + b.name() + " has type " + index.type().text() + ", not i32", at);
        }
        if (index instanceof Expr.IntImm c && (c.value() < 0 || c.value() >= b.size())) {
            throw error("index " + c.value() + " outside " + b.name() + "[" + b.size() + "]", at);
        }
    }

    private static String describe(Buffer b) {
        return b.type().text() + "[" + b.size() + "] " + b.scope().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void expr(Expr e, Stmt at) {
        switch (e) {
            case Expr.IntImm n -> {
                if (ExprRules.wrap(n.type(), n.value()) != n.value()) {
                    throw error("constant " + n.value() + " does not fit " + n.type().text(), at);
                }
            }
            case Expr.FloatImm n -> {
            }
            case Expr.Var v -> {
                Expr.Var bound = vars.get(v.name());
                if (bound == null) {
                    throw error("variable " + v.name() + " is not bound here", at);
                }
                if (!bound.equals(v)) {
                    throw error("variable " + v.name() + " used as " + v.type().text() + " but bound as "
                            + bound.type().text(), at);
                }
            }
            case Expr.Lanes l -> {
            }
            case Expr.Load l -> access(l.buffer(), l.index(), at);
            case Expr.Bin b -> {
                expr(b.a(), at);
                expr(b.b(), at);
                binTypes(b, at);
            }
            case Expr.Un u -> {
                expr(u.a(), at);
                ScalarType t = u.a().type();
                boolean ok = switch (u.op()) {
                    case NEG, ABS -> t != ScalarType.BOOL;
                    case NOT -> t == ScalarType.BOOL;
                    case EXP, LOG, SQRT, TANH, ERF, SIN, COS, FLOOR, CEIL, RINT -> t.isFloat();
                };
                if (!ok) {
                    throw error(u.op().text() + " of " + t.text(), at);
                }
            }
            case Expr.Fma f -> {
                expr(f.a(), at);
                expr(f.b(), at);
                expr(f.c(), at);
            }
            case Expr.Select s -> {
                expr(s.cond(), at);
                expr(s.a(), at);
                expr(s.b(), at);
            }
            case Expr.Convert c -> expr(c.a(), at);
        }
    }

    private void binTypes(Expr.Bin b, Stmt at) {
        ScalarType t = b.a().type();
        boolean ok = switch (b.op()) {
            case ADD, SUB, MUL, DIV, POW, LT, LE -> t != ScalarType.BOOL;
            case FLOORDIV, MOD -> t.isInteger();
            case EQ, NE, MIN, MAX -> true;
            // Logic on bools, bitwise on integers.
            case AND, OR -> !t.isFloat();
        };
        if (!ok) {
            throw error(b.op().text() + " of " + t.text() + " operands", at);
        }
    }

    private LoopIrException error(String what, Stmt at) {
        StringBuilder sb = new StringBuilder("kernel ").append(kernel.name()).append(": ").append(what);
        if (at != null) {
            String text = LoopPrinter.print(at);
            int nl = text.indexOf('\n');
            sb.append("\n  at: ").append(nl < 0 || nl == text.length() - 1 ? text.strip() : text.substring(0, nl));
        }
        return new LoopIrException(sb.toString());
    }
}
