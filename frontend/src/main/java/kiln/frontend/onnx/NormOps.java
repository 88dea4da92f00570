package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;

/** The normalisations. Only inference forms are imported: training outputs are refused. */
final class NormOps {
    private NormOps() {
    }

    static List<Term> batchNorm(NodeContext n) {
        double eps = n.attrs().getFloat("epsilon", 1e-5f);
        n.attrs().getFloat("momentum", 0.9f);
        if (n.opset() < 9) {
            if (n.attrs().getInt("spatial", 1) != 1) {
                throw NodeError.unsupported("spatial=0");
            }
        }
        if (n.opset() < 7) {
            n.attrs().getInts("consumed_inputs");
            n.attrs().getInt("is_test", 0);
        }
        if (n.attrs().getInt("training_mode", 0) != 0) {
            throw NodeError.unsupported("training_mode=1");
        }
        n.onlyOutputs(1, "running statistics");
        return List.of(n.apply(new BatchNorm(eps), n.in(0), n.in(1), n.in(2), n.in(3), n.in(4)));
    }

    static List<Term> instanceNorm(NodeContext n) {
        double eps = n.attrs().getFloat("epsilon", 1e-5f);
        return List.of(n.apply(new InstanceNorm(eps), n.in(0), n.in(1), n.in(2)));
    }

    /**
     * LayerNormalization over axes {@code axis..rank-1}. The optional mean and inverse standard deviation
     * outputs are computed beside it, with the reduced axes kept as size 1.
     */
    static List<Term> layerNorm(NodeContext n) {
        Term x = n.in(0);
        int axis = NodeContext.axis(n.attrs().getInt("axis", -1), x.rank());
        double eps = n.attrs().getFloat("epsilon", 1e-5f);
        long stash = n.attrs().getInt("stash_type", 1);
        if (stash != 1) {
            throw NodeError.unsupported("stash_type=" + stash);
        }
        List<Integer> axes = new ArrayList<>();
        for (int a = axis; a < x.rank(); a++) {
            axes.add(a);
        }
        LayerNorm op = new LayerNorm(axes, eps);
        Term b = n.opt(2);
        Term y = b == null ? n.apply(op, x, n.in(1)) : n.apply(op, x, n.in(1), b);
        if (!n.wantsOutput(1) && !n.wantsOutput(2)) {
            return List.of(y);
        }
        Reduce mean = new Reduce(ReduceKind.MEAN, axes, true);
        Term mu = n.apply(mean, x);
        Term centred = n.apply(new Binary(BinaryFn.SUB), x, mu);
        Term var = n.apply(mean, n.apply(new Binary(BinaryFn.MUL), centred, centred));
        Term std = n.apply(new Unary(UnaryFn.SQRT), n.apply(new Binary(BinaryFn.ADD), var,
                NodeContext.scalar(x.dtype(), eps)));
        return List.of(y, mu, n.apply(new Unary(UnaryFn.RECIPROCAL), std));
    }

    /**
     * GroupNormalization: from opset 21 scale and bias are per channel, as in the IR; in opsets 18–20 they
     * are per group and are repeated over each group's channels first.
     */
    static List<Term> groupNorm(NodeContext n) {
        Term x = n.in(0);
        int groups = NodeContext.toInt(n.attrs().requireInt("num_groups"), "num_groups");
        double eps = n.attrs().getFloat("epsilon", 1e-5f);
        if (n.opset() >= 21) {
            n.attrs().getInt("stash_type", 1);
        }
        Term scale = n.in(1);
        Term bias = n.in(2);
        if (n.opset() < 21 && x.rank() >= 2 && !x.shape().isBatch(1) && x.dim(1) != groups) {
            scale = perChannel(n, scale, groups, x.dim(1));
            bias = perChannel(n, bias, groups, x.dim(1));
        }
        return List.of(n.apply(new GroupNorm(groups, eps), x, scale, bias));
    }

    private static Term perChannel(NodeContext n, Term perGroup, int groups, int channels) {
        if (perGroup.rank() != 1 || perGroup.dim(0) != groups || channels % groups != 0) {
            throw NodeError.invalid("expects a per-group parameter of shape [" + groups + "], got " + perGroup.type());
        }
        Term column = n.apply(new Reshape(Shape.of(groups, 1)), perGroup);
        Term ones = NodeContext.filled(perGroup.dtype(), Shape.of(1, channels / groups), 1);
        Term grid = n.apply(new Binary(BinaryFn.MUL), column, ones);
        return n.apply(new Reshape(Shape.of(channels)), grid);
    }

    /** LpNormalization: {@code x / ‖x‖_p} along one axis, p = 1 or 2. */
    static List<Term> lpNorm(NodeContext n) {
        Term x = n.in(0);
        int axis = NodeContext.axis(n.attrs().getInt("axis", -1), x.rank());
        long p = n.attrs().getInt("p", 2);
        Term norm = switch ((int) p) {
            case 1 -> n.apply(new Reduce(ReduceKind.SUM, List.of(axis), true), n.apply(new Unary(UnaryFn.ABS), x));
            case 2 -> n.apply(new Unary(UnaryFn.SQRT), n.apply(new Reduce(ReduceKind.SUM, List.of(axis), true),
                    n.apply(new Binary(BinaryFn.MUL), x, x)));
            default -> throw NodeError.unsupported("p=" + p);
        };
        return List.of(n.apply(new Binary(BinaryFn.DIV), x, norm));
    }

    /** MeanVarianceNormalization: {@code (x − mean) / sqrt(var)} over {@code axes} (default 0, 2, 3). */
    static List<Term> meanVarianceNorm(NodeContext n) {
        Term x = n.in(0);
        long[] given = n.attrs().getInts("axes");
        List<Integer> axes = given == null ? List.of(0, 2, 3) : NodeContext.ints(given, "axis");
        Reduce mean = new Reduce(ReduceKind.MEAN, axes, true);
        Term centred = n.apply(new Binary(BinaryFn.SUB), x, n.apply(mean, x));
        Term var = n.apply(mean, n.apply(new Binary(BinaryFn.MUL), centred, centred));
        Term r = n.apply(new Binary(BinaryFn.DIV), centred, n.apply(new Unary(UnaryFn.SQRT), var));
        return List.of(r);
    }
}
