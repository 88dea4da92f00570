package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Span;

/** A top-level declaration: a block or a model. */
public sealed interface Decl {
    String name();

    Span nameSpan();

    List<Stmt> body();

    /** {@code block Name(x, c: int, k: int = 3) { ... }}. */
    record Block(String name, Span nameSpan, List<BlockParam> params, List<Stmt> body, Span span) implements Decl {
        public Block {
            params = List.copyOf(params);
            body = List.copyOf(body);
        }

        /** The parameter of that name, or null. */
        public BlockParam param(String paramName) {
            for (BlockParam p : params) {
                if (p.name().equals(paramName)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** {@code model name { ... }}. */
    record Model(String name, Span nameSpan, List<Stmt> body, Span span) implements Decl {
        public Model {
            body = List.copyOf(body);
        }
    }

    /**
     * One argument of a block: its name, its type name ({@code int}, {@code tensor}, ...; null when not
     * written, which accepts any value) and its default (null when required).
     */
    record BlockParam(String name, Span nameSpan, String type, Span typeSpan, Expr defaultValue) {
    }
}
