package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Span;

/** A statement in a block or model body. */
public sealed interface Stmt {
    Span span();

    /** A name being defined or assigned. */
    record Target(String name, Span span) {
    }

    /** {@code let a, b = expr}: new names in the current scope. */
    record Let(List<Target> targets, Expr value, Span span) implements Stmt {
        public Let {
            targets = List.copyOf(targets);
        }
    }

    /** {@code a = expr}: rebinds names defined earlier, also those of enclosing scopes. */
    record Assign(List<Target> targets, Expr value, Span span) implements Stmt {
        public Assign {
            targets = List.copyOf(targets);
        }
    }

    /**
     * {@code param dw.weight: [c, 1, 7, 7]}: a weight, named with the enclosing instance's prefix, and a
     * variable of the same name. Its name has no indices (those belong to the expression form, which binds
     * no variable).
     */
    record Param(InstanceName name, TypeExpr type, Span span) implements Stmt {
        /** The variable it defines: the dotted name. */
        public String variable() {
            return name.parts().stream().map(p -> p.name() == null ? "" : p.name())
                    .collect(java.util.stream.Collectors.joining("."));
        }
    }

    /** {@code input x: f32[N, 3, 224, 224]}: a model input. */
    record Input(String name, Span nameSpan, TypeExpr type, Span span) implements Stmt {
    }

    /**
     * {@code output y: f32[N, 1000] = expr}: a model output. Without {@code = expr} it outputs the variable of
     * that name; {@code type} is null when not declared.
     */
    record Output(String name, Span nameSpan, TypeExpr type, Expr value, Span span) implements Stmt {
    }

    /** {@code if cond { ... } else { ... }}; an {@code else if} is an If alone in {@code otherwise}. */
    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Span span) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /**
     * {@code for i in a..b { ... }} (a to b − 1) when {@code to} is set, else {@code for v in list { ... }}.
     */
    record For(Target variable, Expr from, Expr to, List<Stmt> body, Span span) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    /** {@code repeat n { ... }}. */
    record Repeat(Expr count, List<Stmt> body, Span span) implements Stmt {
        public Repeat {
            body = List.copyOf(body);
        }
    }

    /** {@code return a, b}: the block's results. */
    record Return(List<Expr> values, Span span) implements Stmt {
        public Return {
            values = List.copyOf(values);
        }
    }
}
