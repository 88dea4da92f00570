package kiln.codegen.cpu;

import kiln.ir.loop.Expr;
import kiln.ir.loop.LoopKind;

/**
 * What is known about the variables in scope at one point of a kernel, as the planner and the emitter both
 * see it: constants (unrolled loop variables, let-bound constants), let-bound values, and the loop each loop
 * variable belongs to. An immutable chain of frames, innermost first; lookups walk it.
 */
record Facts(Facts outer, Expr.Var var, Long constant, Expr value, Expr extent, LoopKind kind) {
    static final Facts EMPTY = new Facts(null, null, null, null, null, null);

    Facts bindConstant(Expr.Var v, long c) {
        return new Facts(this, v, c, null, null, null);
    }

    /** A let-bound (folded) value that is not a constant. */
    Facts bindLet(Expr.Var v, Expr folded) {
        return new Facts(this, v, null, folded, null, null);
    }

    /** A loop variable with its (folded) extent. */
    Facts bindLoop(Expr.Var v, Expr extent, LoopKind kind) {
        return new Facts(this, v, null, null, extent, kind);
    }

    private Facts find(Expr.Var v) {
        for (Facts f = this; f != null && f.var != null; f = f.outer) {
            if (f.var.equals(v)) {
                return f;
            }
        }
        return null;
    }

    /** The constant value of {@code v}, or null. */
    Long constant(Expr.Var v) {
        Facts f = find(v);
        return f == null ? null : f.constant;
    }

    /** The value a let bound to {@code v}, or null. */
    Expr letValue(Expr.Var v) {
        Facts f = find(v);
        return f == null ? null : f.value;
    }

    /** The extent of the loop whose variable {@code v} is, or null. */
    Expr loopExtent(Expr.Var v) {
        Facts f = find(v);
        return f == null ? null : f.extent;
    }
}
