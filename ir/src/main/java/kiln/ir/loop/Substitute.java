package kiln.ir.loop;

import java.util.Map;

/**
 * Replaces variables by expressions. Loop IR never rebinds a variable within its scope (the verifier
 * checks it), so a replacement cannot be captured by a binding inside the rewritten code as long as its
 * own variables are not bound there; callers substitute fresh or outer variables only.
 */
public final class Substitute {
    private Substitute() {
    }

    public static Expr in(Expr e, Map<Expr.Var, ? extends Expr> replacements) {
        return replacements.isEmpty() ? e : new Replacer(replacements).mutate(e);
    }

    public static Stmt in(Stmt s, Map<Expr.Var, ? extends Expr> replacements) {
        return replacements.isEmpty() ? s : new Replacer(replacements).mutate(s);
    }

    public static Expr in(Expr e, Expr.Var var, Expr replacement) {
        return in(e, Map.of(var, replacement));
    }

    public static Stmt in(Stmt s, Expr.Var var, Expr replacement) {
        return in(s, Map.of(var, replacement));
    }

    private static final class Replacer extends Mutator {
        private final Map<Expr.Var, ? extends Expr> replacements;

        Replacer(Map<Expr.Var, ? extends Expr> replacements) {
            this.replacements = replacements;
        }

        @Override
        protected Expr visit(Expr.Var e) {
            Expr r = replacements.get(e);
            return r == null ? e : r;
        }
    }
}
