package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Span;

/** An expression of the Kiln language. Immutable; every node knows its span. */
public sealed interface Expr {
    Span span();

    record IntLit(long value, Span span) implements Expr {
    }

    record FloatLit(double value, Span span) implements Expr {
    }

    record BoolLit(boolean value, Span span) implements Expr {
    }

    record NoneLit(Span span) implements Expr {
    }

    record StringLit(String value, Span span) implements Expr {
    }

    /** A variable, possibly dotted like a parameter {@code dw.weight}. */
    record Name(String name, Span span) implements Expr {
    }

    record ListLit(List<Expr> items, Span span) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    record Unary(UnaryOp op, Expr operand, Span span) implements Expr {
    }

    record Binary(BinaryOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {
    }

    /**
     * A call of a built-in operator or a block: {@code conv2d(x, w, stride=2)}, {@code Mlp(x, 4 * c) as mlp}.
     * {@code instance} is the name path after {@code as}, or null.
     */
    record Call(String callee, Span calleeSpan, List<Arg> args, InstanceName instance, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code param kernels[i]: [c, d]} as a value: declares a weight (named with the instance prefix, indices
     * as name parts) without binding a variable, e.g. {@code let b = param bias: [out]}.
     */
    record Param(InstanceName name, TypeExpr type, Span span) implements Expr {
    }

    /** {@code x[0]}, {@code x[..., :L]}, {@code dims[s]}. */
    record Index(Expr target, List<IndexItem> items, Span span) implements Expr {
        public Index {
            items = List.copyOf(items);
        }
    }

    /** One argument of a call; {@code keyword} is null for a positional argument. */
    record Arg(String keyword, Span keywordSpan, Expr value) {
        public Span span() {
            return keywordSpan == null ? value.span() : keywordSpan.to(value.span());
        }
    }

    /** One item between the brackets of an index expression. */
    sealed interface IndexItem {
        Span span();
    }

    /** A single position: {@code x[3]}. */
    record At(Expr index, Span span) implements IndexItem {
    }

    /** A range {@code start:stop:step}, each part optional. */
    record Range(Expr start, Expr stop, Expr step, Span span) implements IndexItem {
    }

    /** {@code ...}: as many whole axes as needed. */
    record Ellipsis(Span span) implements IndexItem {
    }

    enum UnaryOp {
        NEG("-"), PLUS("+"), NOT("not");

        private final String text;

        UnaryOp(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    enum BinaryOp {
        POW("**"), MUL("*"), DIV("/"), FLOOR_DIV("//"), MOD("%"), MATMUL("@"), ADD("+"), SUB("-"),
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), AND("and"), OR("or");

        private final String text;

        BinaryOp(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
