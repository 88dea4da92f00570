package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Softmax;
import kiln.runtime.Tensor;

/**
 * Normalisations with PyTorch's argument order (weight and bias optional) and softmax. Where the IR wants
 * a scale and bias that the call leaves out, they are constants (ones, zeros).
 */
final class NormBuiltins {
    private NormBuiltins() {
    }

    static void register(Builtins b) {
        b.add("batch_norm", "x, running_mean, running_var, weight=none, bias=none, eps=1e-5", a -> {
            Sym x = a.tensor("x");
            int c = channels(a, x);
            Sym weight = a.isNone("weight") ? filled(a, x, c, 1) : a.tensor("weight");
            Sym bias = a.isNone("bias") ? filled(a, x, c, 0) : a.tensor("bias");
            return Args.tensor(a.op(new BatchNorm(a.number("eps")), x, weight, bias, a.tensor("running_mean"),
                    a.tensor("running_var")));
        });
        b.add("layer_norm", "x, weight=none, bias=none, dim=-1, eps=1e-5", NormBuiltins::layerNorm);
        b.add("instance_norm", "x, weight=none, bias=none, eps=1e-5", a -> {
            Sym x = a.tensor("x");
            List<Sym> in = affine(a, x);
            return Args.tensor(a.ops(new InstanceNorm(a.number("eps")), in).getFirst());
        });
        b.add("group_norm", "x, num_groups, weight=none, bias=none, eps=1e-5", a -> {
            Sym x = a.tensor("x");
            List<Sym> in = affine(a, x);
            return Args.tensor(a.ops(new GroupNorm(a.smallInt("num_groups"), a.number("eps")), in).getFirst());
        });
        b.add("softmax", "x, dim=-1", a -> Args.tensor(a.op(new Softmax(a.smallInt("dim")), a.tensor("x"))));
    }

    /**
     * Layer norm over the axes {@code dim}. A rank-1 weight or bias for a single axis other than the last is
     * reshaped to broadcast along it, so {@code layer_norm(x, w, b, dim=1)} is ConvNeXt's channels-first
     * form on NCHW without writing the reshape.
     */
    private static Val layerNorm(Args a) {
        Sym x = a.tensor("x");
        List<Integer> dims = a.intList("dim");
        Sym weight = a.optTensor("weight");
        Sym bias = a.optTensor("bias");
        if (dims.size() == 1) {
            int axis = a.axis("dim", x.type().rank());
            weight = alongAxis(a, weight, x, axis);
            bias = alongAxis(a, bias, x, axis);
        }
        if (weight == null && bias != null) {
            weight = a.ctx().constant(Tensor.of(x.type().dtype(), bias.type().shape().dims(),
                    ones((int) bias.type().shape().elementCount())), a.at());
        }
        List<Sym> in = new ArrayList<>(List.of(x));
        if (weight != null) {
            in.add(weight);
        }
        if (bias != null) {
            in.add(bias);
        }
        return Args.tensor(a.ops(new LayerNorm(dims, a.number("eps")), in).getFirst());
    }

    private static Sym alongAxis(Args a, Sym p, Sym x, int axis) {
        int rank = x.type().rank();
        if (p == null || p.type().rank() != 1 || axis == rank - 1 || p.type().dim(0) != x.type().dim(axis)) {
            return p;
        }
        int[] dims = new int[rank - axis];
        java.util.Arrays.fill(dims, 1);
        dims[0] = p.type().dim(0);
        return a.op(new Reshape(Shape.of(dims)), p);
    }

    /** x, then scale and bias both or neither, filling in the one that is missing. */
    private static List<Sym> affine(Args a, Sym x) {
        List<Sym> in = new ArrayList<>(List.of(x));
        if (a.isNone("weight") && a.isNone("bias")) {
            return in;
        }
        int c = channels(a, x);
        in.add(a.isNone("weight") ? filled(a, x, c, 1) : a.tensor("weight"));
        in.add(a.isNone("bias") ? filled(a, x, c, 0) : a.tensor("bias"));
        return in;
    }

    private static int channels(Args a, Sym x) {
        if (x.type().rank() < 2 || x.type().shape().isBatch(1)) {
            throw a.wrongKind("x", "a tensor [N, C, ...]");
        }
        return x.type().dim(1);
    }

    private static Sym filled(Args a, Sym x, int c, double value) {
        double[] v = new double[c];
        java.util.Arrays.fill(v, value);
        return a.ctx().constant(Tensor.of(x.type().dtype(), new int[] {c}, v), a.at());
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }
}
