package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Stmt;

/**
 * A chain of {@link Stmt.Let} bindings built while an expression is composed, so that a value used more
 * than once (a loaded operand, {@code exp(-|x|)} in a sigmoid) is computed once.
 */
final class Lets {
    private final Names names;
    private final List<Expr.Var> vars = new ArrayList<>();
    private final List<Expr> values = new ArrayList<>();

    Lets(Names names) {
        this.names = names;
    }

    /** Binds {@code value} to a fresh variable and returns it; constants and variables are returned as they are. */
    Expr let(String hint, Expr value) {
        if (value instanceof Expr.Var || value instanceof Expr.IntImm || value instanceof Expr.FloatImm) {
            return value;
        }
        Expr.Var v = names.var(hint, value.type());
        vars.add(v);
        values.add(value);
        return v;
    }

    /** {@code body} inside the bindings, first binding outermost. */
    Stmt wrap(Stmt body) {
        Stmt s = body;
        for (int i = vars.size() - 1; i >= 0; i--) {
            s = new Stmt.Let(vars.get(i), values.get(i), s);
        }
        return s;
    }
}
