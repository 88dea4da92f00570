package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;

/** Reductions (the IR's four and those composed from them), Softmax and LogSoftmax. */
final class ReduceOps {
    private ReduceOps() {
    }

    /** The ONNX reductions; those the IR lacks are composed around a sum or a max. */
    enum Kind { SUM, MEAN, MAX, MIN, SUM_SQUARE, L1, L2, LOG_SUM, LOG_SUM_EXP }

    static List<Term> reduce(NodeContext n, Kind kind) {
        Term x = n.in(0);
        boolean keep = n.attrs().getInt("keepdims", 1) != 0;
        // ReduceSum took its axes as an input from opset 13, the others from opset 18.
        boolean axesInput = n.opset() >= (kind == Kind.SUM ? 13 : 18);
        long[] axes;
        boolean noop = false;
        if (axesInput) {
            noop = n.attrs().getInt("noop_with_empty_axes", 0) != 0;
            axes = n.opt(1) == null ? new long[0] : n.knownInts(1, "axes");
        } else {
            axes = n.attrs().getInts("axes");
            axes = axes == null ? new long[0] : axes;
        }
        if (axes.length == 0 && noop) {
            return List.of(x);
        }
        List<Integer> ax = new ArrayList<>();
        for (long a : axes) {
            ax.add(NodeContext.axis(a, x.rank()));
        }
        return List.of(switch (kind) {
            case SUM -> n.apply(new Reduce(ReduceKind.SUM, ax, keep), x);
            case MEAN -> n.apply(new Reduce(ReduceKind.MEAN, ax, keep), x);
            case MAX -> n.apply(new Reduce(ReduceKind.MAX, ax, keep), x);
            case MIN -> n.apply(new Reduce(ReduceKind.MIN, ax, keep), x);
            case SUM_SQUARE -> n.apply(new Reduce(ReduceKind.SUM, ax, keep), square(n, x));
            case L1 -> n.apply(new Reduce(ReduceKind.SUM, ax, keep), n.apply(new Unary(UnaryFn.ABS), x));
            case L2 -> n.apply(new Unary(UnaryFn.SQRT), n.apply(new Reduce(ReduceKind.SUM, ax, keep), square(n, x)));
            case LOG_SUM -> n.apply(new Unary(UnaryFn.LOG), n.apply(new Reduce(ReduceKind.SUM, ax, keep), x));
            case LOG_SUM_EXP -> logSumExp(n, x, ax, keep);
        });
    }

    private static Term square(NodeContext n, Term x) {
        return n.apply(new Binary(BinaryFn.MUL), x, x);
    }

    /** {@code log(Σ exp(x − m)) + m} with m the maximum, so that large inputs do not overflow. */
    private static Term logSumExp(NodeContext n, Term x, List<Integer> axes, boolean keep) {
        Term m = n.apply(new Reduce(ReduceKind.MAX, axes, true), x);
        Term e = n.apply(new Unary(UnaryFn.EXP), n.apply(new Binary(BinaryFn.SUB), x, m));
        Term s = n.apply(new Unary(UnaryFn.LOG), n.apply(new Reduce(ReduceKind.SUM, axes, true), e));
        Term r = n.apply(new Binary(BinaryFn.ADD), s, m);
        if (keep) {
            return r;
        }
        List<Integer> all = new ArrayList<>();
        for (int a = 0; a < x.rank(); a++) {
            if (axes.isEmpty() || axes.contains(a)) {
                all.add(a);
            }
        }
        return n.apply(new Squeeze(all), r);
    }

    /**
     * Softmax and LogSoftmax. From opset 13 they work along one axis (default −1). Before, the input was
     * seen as a matrix whose rows end at {@code axis} (default 1) and each row was normalised as a whole.
     */
    static List<Term> softmax(NodeContext n, boolean log) {
        Term x = n.in(0);
        boolean modern = n.opset() >= 13;
        int axis = NodeContext.axis(n.attrs().getInt("axis", modern ? -1 : 1), x.rank());
        if (modern || axis == x.rank() - 1) {
            return List.of(log ? logSoftmax(n, x, axis) : n.apply(new Softmax(axis), x));
        }
        Shape shape = x.shape();
        int rows = 1;
        int cols = 1;
        for (int a = 0; a < x.rank(); a++) {
            if (shape.isBatch(a)) {
                throw NodeError.unsupported("a softmax over rows that include the symbolic batch size");
            }
            if (a < axis) {
                rows = Math.multiplyExact(rows, shape.dim(a));
            } else {
                cols = Math.multiplyExact(cols, shape.dim(a));
            }
        }
        Term flat = n.apply(new Reshape(Shape.of(rows, cols)), x);
        Term r = log ? logSoftmax(n, flat, 1) : n.apply(new Softmax(1), flat);
        return List.of(n.apply(new Reshape(shape), r));
    }

    /** {@code x − m − log(Σ exp(x − m))}, m the maximum along the axis. */
    private static Term logSoftmax(NodeContext n, Term x, int axis) {
        Term m = n.apply(new Reduce(ReduceKind.MAX, List.of(axis), true), x);
        Term shifted = n.apply(new Binary(BinaryFn.SUB), x, m);
        Term s = n.apply(new Reduce(ReduceKind.SUM, List.of(axis), true), n.apply(new Unary(UnaryFn.EXP), shifted));
        return n.apply(new Binary(BinaryFn.SUB), shifted, n.apply(new Unary(UnaryFn.LOG), s));
    }
}
