package kiln.passes.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * Folding a per-channel affine map into a neighbouring layer (convolution, linear or gemm) with known
 * weights, the shared mechanics of {@link FoldBatchNorm} and {@link FoldAffine}; a pass supplies the
 * {@link Recogniser} that says which nodes are such maps.
 *
 * <ul>
 *   <li><b>After the layer</b> ({@code y = layer(x); z = a·y + b} per output channel, y used only there):
 *       {@code W'[o] = W[o]·a[o]}, {@code bias'[o] = bias[o]·a[o] + b[o]}. Always exact.</li>
 *   <li><b>Before the layer</b> ({@code y = a·x + b} per input channel, y used only by the layer):
 *       {@code W'[o, c] = W[o, c]·a[c]}, {@code bias'[o] = bias[o] + Σ_c,k W[o, c, k]·b[c]}. Exact only when
 *       every output sees every tap of its window: never through a convolution with zero padding, where
 *       border outputs see fewer taps of b (the padding is zero after the map, not before). Gemm is folded
 *       after only.</li>
 * </ul>
 * New weights are computed in double and rounded once to the weight's dtype; they become parameters, or
 * literal constants when everything they came from was literal.
 */
final class LayerFold {
    private LayerFold() {
    }

    /**
     * A node recognised as a per-channel affine map of {@code operand} along {@code axis} of its result. The
     * fold removes the node, or, when {@code keep} is given, replaces it with the node {@code keep} makes
     * (which defines the same result; the layer then keeps reading it).
     */
    record Match(Value operand, ChannelAffine affine, boolean literal, Function<GraphEdit, Node> keep) {
    }

    /** Says whether {@code n} is a per-channel affine map along {@code axis} of its result. */
    interface Recogniser {
        Match match(GraphEdit e, Node n, int axis);
    }

    /** One round: every layer whose neighbour the recogniser accepts is folded once, rewrites not overlapping. */
    static Model round(Model m, Recogniser r) {
        GraphEdit e = new GraphEdit(m);
        for (Node layer : m.graph().nodes()) {
            if (!foldAfter(e, layer, r)) {
                foldBefore(e, layer, r);
            }
        }
        return e.finish();
    }

    private static boolean foldAfter(GraphEdit e, Node layer, Recogniser r) {
        int axis = outputAxis(layer);
        Value y = layer.output();
        Node user = axis < 0 ? null : e.soleUser(y);
        if (user == null) {
            return false;
        }
        Match match = r.match(e, user, axis);
        if (match == null || match.keep() != null || !match.operand().equals(y) || !user.output().type().equals(y.type())
                || !match.affine().finite() || !weightsKnown(e, layer) || !e.claim(layer, user)) {
            return false;
        }
        Node folded = after(e, layer, match, user);
        e.replace(user, folded);
        e.remove(layer);
        return true;
    }

    private static boolean foldBefore(GraphEdit e, Node layer, Recogniser r) {
        int axis = inputAxis(layer);
        Value x = axis < 0 ? null : layer.input(0);
        Node producer = x == null ? null : e.graph().producer(x);
        if (producer == null || e.soleUser(x) != layer) {
            return false;
        }
        Match match = r.match(e, producer, axis);
        if (match == null || !match.affine().finite() || !weightsKnown(e, layer) || !e.claim(layer, producer)) {
            return false;
        }
        Value input = match.keep() != null ? x : match.operand();
        if (!input.type().equals(x.type())) {
            return false;
        }
        Node folded = before(e, layer, match, input);
        e.replace(layer, folded);
        if (match.keep() != null) {
            e.replace(producer, match.keep().apply(e));
        } else {
            e.remove(producer);
        }
        return true;
    }

    /** The channel axis of a layer's result; -1 for other nodes. */
    static int outputAxis(Node n) {
        if (n.op() instanceof Conv || n.op() instanceof Gemm) {
            return 1;
        }
        return n.op() instanceof Linear ? n.output().type().rank() - 1 : -1;
    }

    /** The channel axis of a layer's input that a map before it may fold through; -1 where none may. */
    static int inputAxis(Node n) {
        if (n.op() instanceof Conv c) {
            return unpadded(c) ? 1 : -1;
        }
        return n.op() instanceof Linear ? n.input(0).type().rank() - 1 : -1;
    }

    private static boolean unpadded(Conv c) {
        return c.padsBegin().stream().allMatch(p -> p == 0) && c.padsEnd().stream().allMatch(p -> p == 0);
    }

    private static boolean weightsKnown(GraphEdit e, Node layer) {
        for (int i = 1; i < layer.inputs().size(); i++) {
            Tensor t = e.known(layer.input(i));
            if (t == null || !t.dtype().isFloat()) {
                return false;
            }
        }
        if (layer.op() instanceof Gemm && layer.inputs().size() == 3) {
            int[] c = e.known(layer.input(2)).shape();
            for (int i = 0; i + 1 < c.length; i++) {
                if (c[i] != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean literal(GraphEdit e, Node layer, Match m) {
        boolean all = m.literal();
        for (int i = 1; i < layer.inputs().size(); i++) {
            all &= e.literal(layer.input(i));
        }
        return all;
    }

    // ---- after the layer: scale output channels ----------------------------------------------------

    private static Node after(GraphEdit e, Node layer, Match m, Node site) {
        ChannelAffine a = m.affine();
        boolean literal = literal(e, layer, m);
        Value w = layer.input(1);
        Tensor wt = e.known(w);
        Value bias = layer.inputs().size() == 3 ? layer.input(2) : null;
        Tensor bt = bias == null ? null : e.known(bias);
        int weightAxis = layer.op() instanceof Gemm g && !g.transB() ? 1 : 0;
        Value w2 = a.unitScale() ? w : e.folded(w, null, scaleAxis(wt, weightAxis, a.scale()), literal, site);
        Op op = layer.op();
        double biasFactor = 1;
        if (op instanceof Gemm g) {
            biasFactor = g.beta();
            op = new Gemm(g.alpha(), 1.0, g.transA(), g.transB());
        }
        Value b2 = bias;
        if (bias == null && !a.zeroShift() || bias != null && !(a.unitScale() && a.zeroShift() && biasFactor == 1)) {
            Tensor nb = Tensor.zeros(wt.dtype(), a.channels());
            for (int o = 0; o < a.channels(); o++) {
                double b = bt == null ? 0 : biasFactor * bt.getDouble(bt.size() == 1 ? 0 : o);
                nb.setDouble(o, b * a.scale()[o] + a.shift()[o]);
            }
            b2 = e.folded(bias, biasHint(w), nb, literal, site);
        }
        List<Value> in = new ArrayList<>(List.of(layer.input(0), w2));
        if (b2 != null) {
            in.add(b2);
        }
        return new Node(op, in, List.of(site.output()));
    }

    /** {@code t} with every slice along {@code axis} multiplied by its factor. */
    private static Tensor scaleAxis(Tensor t, int axis, double[] factor) {
        int[] dims = t.shape();
        long inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        Tensor out = Tensor.zeros(t.dtype(), dims);
        for (long i = 0; i < t.size(); i++) {
            out.setDouble(i, t.getDouble(i) * factor[(int) (i / inner % dims[axis])]);
        }
        return out;
    }

    // ---- before the layer: scale input channels ----------------------------------------------------

    private static Node before(GraphEdit e, Node layer, Match m, Value input) {
        ChannelAffine a = m.affine();
        boolean literal = literal(e, layer, m);
        Value w = layer.input(1);
        Tensor wt = e.known(w);
        Value bias = layer.inputs().size() == 3 ? layer.input(2) : null;
        Tensor bt = bias == null ? null : e.known(bias);
        int[] wd = wt.shape();
        int groups = layer.op() instanceof Conv c ? c.groups() : 1;
        int outputs = wd[0];
        int perGroupIn = wd[1];
        long taps = 1;
        for (int i = 2; i < wd.length; i++) {
            taps *= wd[i];
        }
        int perGroupOut = outputs / groups;
        Tensor nw = Tensor.zeros(wt.dtype(), wd);
        double[] extra = new double[outputs];
        for (long i = 0; i < wt.size(); i++) {
            int o = (int) (i / (perGroupIn * taps));
            int channel = (o / perGroupOut) * perGroupIn + (int) (i / taps % perGroupIn);
            double v = wt.getDouble(i);
            nw.setDouble(i, v * a.scale()[channel]);
            extra[o] += v * a.shift()[channel];
        }
        Value w2 = a.unitScale() ? w : e.folded(w, null, nw, literal, layer);
        Value b2 = bias;
        if (!a.zeroShift()) {
            Tensor nb = Tensor.zeros(wt.dtype(), outputs);
            for (int o = 0; o < outputs; o++) {
                nb.setDouble(o, (bt == null ? 0 : bt.getDouble(o)) + extra[o]);
            }
            b2 = e.folded(bias, biasHint(w), nb, literal, layer);
        }
        List<Value> in = new ArrayList<>(List.of(input, w2));
        if (b2 != null) {
            in.add(b2);
        }
        return new Node(layer.op(), in, layer.outputs());
    }

    /** The name of a bias made for a layer without one: {@code conv1.bias} for weight {@code conv1.weight}. */
    private static String biasHint(Value weight) {
        String base = weight.name();
        int at = base.lastIndexOf(GraphEdit.FOLDED);
        if (at > 0) {
            base = base.substring(0, at);
        }
        base = base.endsWith(".weight") ? base.substring(0, base.length() - ".weight".length()) + ".bias"
                : base + ".bias";
        return base + GraphEdit.FOLDED;
    }

    /** The per-channel values of a known tensor {@code t} broadcast to {@code target} along {@code axis}, or null. */
    static double[] channels(Tensor t, TensorType target, int axis) {
        return t == null || !t.dtype().isFloat() ? null : ChannelAffine.perChannel(t, target, axis);
    }
}
