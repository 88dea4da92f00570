package kiln.ir.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Loop IR as text that {@link LoopParser} reads back to an equal kernel. The form is canonical
 * (same IR, same bytes) and meant to be read:
 *
 * <pre>
 * kernel matmul(A: f32[12], B: f32[20], C: f32[15]) {
 *   for i in 0..3 parallel {
 *     for j in 0..5 {
 *       C[i*5 + j] = 0.0
 *       for k in 0..4 {
 *         C[i*5 + j] = C[i*5 + j] + A[i*4 + k]*B[k*5 + j]
 *       }
 *     }
 *   }
 * }
 * </pre>
 *
 * <p>Loops run over {@code 0..extent} and name their kind unless serial. Expressions use infix operators
 * ({@code + - * / // % < <= == != && ||}, {@code //} and {@code %} rounding toward minus infinity), calls
 * for the rest ({@code min max pow fma select lanes(f32)}, unary functions such as {@code exp}), a type
 * name as a conversion ({@code f64(x)}), and typed literals: {@code 3} is i32, {@code 3:i64}, {@code 1.5}
 * is f32, {@code 1.5:f64}, {@code true}. A block of one statement is that statement, of several a sequence;
 * {@code seq { }} writes a sequence explicitly where a block would not round-trip.
 */
public final class LoopPrinter {
    private static final String INDENT = "  ";

    private LoopPrinter() {
    }

    public static String print(Kernel k) {
        StringBuilder sb = new StringBuilder();
        kernel(sb, k, "");
        return sb.toString();
    }

    public static String print(Stmt s) {
        StringBuilder sb = new StringBuilder();
        stmt(sb, s, "");
        return sb.toString();
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e, 0);
        return sb.toString();
    }

    /** A name as the text form writes it: bare when it is an identifier and no keyword, else quoted. */
    public static String name(String name) {
        return LoopSyntax.name(name);
    }

    /**
     * A program: its storage, bindings, each distinct kernel once and the calls in order. Constant data is
     * summarised, not written; this form is for reading and dumps, not for parsing back.
     */
    public static String print(Program p) {
        StringBuilder sb = new StringBuilder();
        sb.append("program ").append(LoopSyntax.name(p.name())).append(" {\n");
        for (Program.Storage s : p.storage()) {
            sb.append(INDENT).append("storage ").append(LoopSyntax.name(s.name())).append(": ")
                    .append(s.type().text()).append('[').append(s.size()).append("] ")
                    .append(LoopSyntax.lower(s.role())).append('\n');
        }
        for (Program.Binding b : p.inputs()) {
            binding(sb, "input", b);
        }
        for (Program.Binding b : p.outputs()) {
            binding(sb, "output", b);
        }
        Map<String, Kernel> kernels = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Program.Call c : p.calls()) {
            Kernel seen = kernels.putIfAbsent(c.kernel().name(), c.kernel());
            if (seen != null && !seen.equals(c.kernel())) {
                clashes.add(c.kernel().name());
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("program " + p.name() + " has different kernels named " + clashes);
        }
        for (Kernel k : kernels.values()) {
            kernel(sb, k, INDENT);
        }
        for (Program.Call c : p.calls()) {
            sb.append(INDENT).append("call ").append(LoopSyntax.name(c.kernel().name())).append('(');
            for (int i = 0; i < c.args().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(LoopSyntax.name(c.args().get(i).name()));
            }
            sb.append(")\n");
        }
        return sb.append("}\n").toString();
    }

    private static void binding(StringBuilder sb, String what, Program.Binding b) {
        sb.append(INDENT).append(what).append(' ').append(LoopSyntax.name(b.name())).append(" = ")
                .append(LoopSyntax.name(b.storage().name())).append(": ").append(b.type()).append('\n');
    }

    private static void kernel(StringBuilder sb, Kernel k, String indent) {
        sb.append(indent).append("kernel ").append(LoopSyntax.name(k.name())).append('(');
        for (int i = 0; i < k.params().size(); i++) {
            sb.append(i == 0 ? "" : ", ");
            bufferDecl(sb, k.params().get(i));
        }
        sb.append(") ");
        block(sb, k.body(), indent);
        sb.append('\n');
    }

    private static void bufferDecl(StringBuilder sb, Buffer b) {
        sb.append(LoopSyntax.name(b.name())).append(": ").append(b.type().text()).append('[').append(b.size())
                .append(']');
    }

    /** {@code { ... }} holding {@code body}; the caller has written the indentation of the opening line. */
    private static void block(StringBuilder sb, Stmt body, String indent) {
        if (body instanceof Stmt.Seq seq && seq.stmts().size() != 1) {
            statements(sb, seq.stmts(), indent);
        } else {
            statements(sb, List.of(body), indent);
        }
    }

    private static void statements(StringBuilder sb, List<Stmt> stmts, String indent) {
        sb.append("{\n");
        for (Stmt s : stmts) {
            stmt(sb, s, indent + INDENT);
        }
        sb.append(indent).append('}');
    }

    private static void stmt(StringBuilder sb, Stmt s, String indent) {
        sb.append(indent);
        switch (s) {
            case Stmt.For f -> {
                sb.append("for ").append(LoopSyntax.name(f.var().name())).append(" in 0..");
                expr(sb, f.extent(), 1);
                if (f.kind() != LoopKind.SERIAL) {
                    sb.append(' ').append(f.kind().text());
                }
                sb.append(' ');
                block(sb, f.body(), indent);
            }
            case Stmt.Store st -> {
                sb.append(LoopSyntax.name(st.buffer().name())).append('[');
                expr(sb, st.index(), 0);
                sb.append("] = ");
                expr(sb, st.value(), 0);
            }
            case Stmt.Seq q -> {
                sb.append("seq ");
                statements(sb, q.stmts(), indent);
            }
            case Stmt.If i -> {
                sb.append("if ");
                expr(sb, i.cond(), 0);
                sb.append(' ');
                block(sb, i.then(), indent);
                if (!(i.otherwise() instanceof Stmt.Seq e && e.stmts().isEmpty())) {
                    sb.append(" else ");
                    block(sb, i.otherwise(), indent);
                }
            }
            case Stmt.Let l -> {
                sb.append("let ").append(LoopSyntax.name(l.var().name())).append(" = ");
                expr(sb, l.value(), 0);
                sb.append(' ');
                block(sb, l.body(), indent);
            }
            case Stmt.Allocate a -> {
                sb.append("allocate ");
                bufferDecl(sb, a.buffer());
                sb.append(' ');
                block(sb, a.body(), indent);
            }
        }
        sb.append('\n');
    }

    /** Writes {@code e}, parenthesised when it binds more loosely than {@code context}. */
    private static void expr(StringBuilder sb, Expr e, int context) {
        switch (e) {
            case Expr.IntImm n -> intImm(sb, n, context);
            case Expr.FloatImm n -> floatImm(sb, n, context);
            case Expr.Var n -> sb.append(LoopSyntax.name(n.name()));
            case Expr.Lanes n -> sb.append("lanes(").append(n.elem().text()).append(')');
            case Expr.Load n -> {
                sb.append(LoopSyntax.name(n.buffer().name())).append('[');
                expr(sb, n.index(), 0);
                sb.append(']');
            }
            case Expr.Bin n -> bin(sb, n, context);
            case Expr.Un n -> {
                switch (n.op()) {
                    case NEG, NOT -> {
                        boolean paren = context > LoopSyntax.UNARY;
                        sb.append(paren ? "(" : "").append(n.op() == UnOp.NEG ? "-" : "!");
                        if (n.a() instanceof Expr.IntImm || n.a() instanceof Expr.FloatImm) {
                            // "-3" would read back as the literal -3, not as the negation of 3.
                            sb.append('(');
                            expr(sb, n.a(), 0);
                            sb.append(')');
                        } else {
                            expr(sb, n.a(), LoopSyntax.UNARY);
                        }
                        sb.append(paren ? ")" : "");
                    }
                    default -> call(sb, n.op().text(), n.a());
                }
            }
            case Expr.Fma n -> call(sb, "fma", n.a(), n.b(), n.c());
            case Expr.Select n -> call(sb, "select", n.cond(), n.a(), n.b());
            case Expr.Convert n -> call(sb, n.type().text(), n.a());
        }
    }

    private static void bin(StringBuilder sb, Expr.Bin n, int context) {
        String symbol = LoopSyntax.symbol(n.op());
        if (symbol == null) {
            call(sb, LoopSyntax.lower(n.op()), n.a(), n.b());
            return;
        }
        int p = LoopSyntax.precedence(n.op());
        boolean paren = p < context;
        sb.append(paren ? "(" : "");
        // Comparisons do not chain; other operators associate to the left.
        boolean comparison = n.op().isComparison();
        expr(sb, n.a(), comparison ? p + 1 : p);
        sb.append(n.op() == BinOp.MUL ? "*" : " " + symbol + " ");
        expr(sb, n.b(), p + 1);
        sb.append(paren ? ")" : "");
    }

    private static void call(StringBuilder sb, String name, Expr... args) {
        sb.append(name).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ");
            expr(sb, args[i], 0);
        }
        sb.append(')');
    }

    private static void intImm(StringBuilder sb, Expr.IntImm n, int context) {
        if (n.type() == ScalarType.BOOL) {
            sb.append(n.value() != 0 ? "true" : "false");
            return;
        }
        // A negative literal is a unary minus to the reader: parenthesise it where that would bind wrongly.
        boolean paren = n.value() < 0 && context > LoopSyntax.UNARY;
        sb.append(paren ? "(" : "").append(n.value());
        if (n.type() != ScalarType.I32) {
            sb.append(':').append(n.type().text());
        }
        sb.append(paren ? ")" : "");
    }

    private static void floatImm(StringBuilder sb, Expr.FloatImm n, int context) {
        String text = n.type() == ScalarType.F32 ? LoopSyntax.f32((float) n.value()) : LoopSyntax.f64(n.value());
        boolean paren = text.startsWith("-") && context > LoopSyntax.UNARY;
        sb.append(paren ? "(" : "").append(text);
        if (n.type() != ScalarType.F32) {
            sb.append(':').append(n.type().text());
        }
        sb.append(paren ? ")" : "");
    }
}
