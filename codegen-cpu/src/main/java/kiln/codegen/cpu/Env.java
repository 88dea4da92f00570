package kiln.codegen.cpu;

import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.ScalarType;

/**
 * What the variables and buffers in scope are in the generated Java code, at one point of a kernel; an
 * immutable chain, innermost binding first, carrying the {@link Facts} the planner saw at the same point.
 */
final class Env {
    /** What a Loop IR variable is in the generated code. */
    sealed interface Binding {
        /** An unrolled loop variable or a let-bound constant: written as a literal. */
        record Const(long value) implements Binding {
        }

        /** A Java local (or parameter) holding a scalar. */
        record Local(String name, ScalarType type) implements Binding {
        }

        /** The variable of the loop being vectorized: lane i holds {@code base + i}. */
        record VectorIndex(JExpr base) implements Binding {
        }

        /**
         * A let-bound index in a vectorized loop: lane i holds {@code name + stride·i}; {@code constant} is the
         * value of {@code name} when it is known at generation time (null otherwise).
         */
        record AffineLocal(String name, long stride, Long constant) implements Binding {
        }

        /** A let-bound vector (FloatVector, IntVector or a mask for bool) in a vectorized loop. */
        record VectorLocal(String name, ScalarType type) implements Binding {
        }
    }

    /** Where a buffer's elements are in the generated code. */
    sealed interface BufferRef {
        /** A Java array, and the name of the element offset of the buffer in it (null: at 0). */
        record Array(String array, String offset) implements BufferRef {
        }

        /**
         * A tile kept as one variable per accessed position; {@code perLane}: declared inside a vectorized
         * loop, so each lane has its own value and the variables are vectors.
         */
        record Scalars(Map<Long, String> names, boolean perLane) implements BufferRef {
        }

        /** A tile kept as one vector variable per vector number. */
        record Vectors(Map<Long, String> names) implements BufferRef {
        }
    }

    static final Env EMPTY = new Env(null, null, null, null, null, Facts.EMPTY);

    private final Env outer;
    private final Expr.Var var;
    private final Binding binding;
    private final Buffer buffer;
    private final BufferRef ref;
    final Facts facts;

    private Env(Env outer, Expr.Var var, Binding binding, Buffer buffer, BufferRef ref, Facts facts) {
        this.outer = outer;
        this.var = var;
        this.binding = binding;
        this.buffer = buffer;
        this.ref = ref;
        this.facts = facts;
    }

    Env constant(Expr.Var v, long value) {
        return new Env(this, v, new Binding.Const(value), null, null, facts.bindConstant(v, value));
    }

    Env loop(Expr.Var v, Binding b, Expr foldedExtent, LoopKind kind) {
        return new Env(this, v, b, null, null, facts.bindLoop(v, foldedExtent, kind));
    }

    /** A let of a value that is not a constant (constants go through {@link #constant}). */
    Env let(Expr.Var v, Binding b, Expr folded) {
        return new Env(this, v, b, null, null, TilePlan.bindLet(facts, v, folded));
    }

    Env buffer(Buffer b, BufferRef r) {
        return new Env(this, null, null, b, r, facts);
    }

    Binding lookup(Expr.Var v) {
        Binding b = find(v);
        if (b == null) {
            throw new IllegalArgumentException("variable " + v.name() + " is not in scope");
        }
        return b;
    }

    BufferRef lookup(Buffer b) {
        BufferRef r = find(b);
        if (r == null) {
            throw new IllegalArgumentException("buffer " + b.name() + " is not in scope");
        }
        return r;
    }

    /** The binding of {@code v}, or null when it is not in scope. */
    Binding find(Expr.Var v) {
        for (Env e = this; e != null; e = e.outer) {
            if (v.equals(e.var)) {
                return e.binding;
            }
        }
        return null;
    }

    /** Where {@code b} is, or null when it is not in scope. */
    BufferRef find(Buffer b) {
        for (Env e = this; e != null; e = e.outer) {
            if (b.equals(e.buffer)) {
                return e.ref;
            }
        }
        return null;
    }
}
