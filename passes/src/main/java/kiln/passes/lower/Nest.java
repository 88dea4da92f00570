package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.loop.Expr;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Stmt;

/**
 * A perfect nest of serial loops over the axes of a shape, outermost first, so that the body runs over the
 * shape's elements in C order. An axis of size 1 gets no loop: its index is the constant 0, which keeps
 * naive kernels free of trivial loops.
 */
final class Nest {
    private final List<Expr> index;
    private final List<Expr.Var> vars = new ArrayList<>();
    private final List<Long> extents = new ArrayList<>();

    private Nest(Names names, List<String> hints, long[] dims) {
        index = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] == 1) {
                index.add(Exprs.ZERO);
            } else {
                Expr.Var v = names.index(hints.get(d));
                vars.add(v);
                extents.add(dims[d]);
                index.add(v);
            }
        }
    }

    /** Loops named {@code prefix0, prefix1, ...} over {@code dims}. */
    static Nest over(Names names, String prefix, long[] dims) {
        List<String> hints = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            hints.add(prefix + d);
        }
        return new Nest(names, hints, dims);
    }

    static Nest over(Names names, String prefix, int[] dims) {
        return over(names, prefix, longs(dims));
    }

    /** Loops with the given name hints, one per axis. */
    static Nest named(Names names, List<String> hints, long[] dims) {
        return new Nest(names, hints, dims);
    }

    /** The index of each axis: its loop variable, or 0 for an axis of size 1. */
    List<Expr> index() {
        return index;
    }

    Expr index(int axis) {
        return index.get(axis);
    }

    /** {@code body} inside the loops. */
    Stmt wrap(Stmt body) {
        Stmt s = body;
        for (int i = vars.size() - 1; i >= 0; i--) {
            s = loop(vars.get(i), extents.get(i), s);
        }
        return s;
    }

    static Stmt loop(Expr.Var v, long extent, Stmt body) {
        return new Stmt.For(v, Exprs.i32(extent), LoopKind.SERIAL, body);
    }

    static long[] longs(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }
}
