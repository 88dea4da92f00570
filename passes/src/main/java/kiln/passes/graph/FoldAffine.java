package kiln.passes.graph;

import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Node;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * Folds per-channel affine chains into a neighbouring convolution, linear layer or gemm: a {@code mul},
 * {@code div}, {@code add} or {@code sub} of the layer's result by a known tensor that varies along the
 * channel axis only (a per-channel scale or shift, a layer scale γ, a scalar), and the bias of StarReLU.
 * <ul>
 *   <li>after the layer (its result used by the map alone): {@code mul(layer, s)} gives {@code W·s, b·s};
 *       {@code add(layer, t)} gives {@code b + t}; {@code sub} and {@code div} likewise, and
 *       {@code sub(t, layer)} negates. A layer scale {@code γ·fc2(x)} folds into fc2.</li>
 *   <li>before a convolution without padding or a linear layer (the map's result used by the layer alone):
 *       {@code W'[o, c] = W[o, c]·s[c]}, {@code b'[o] = b[o] + Σ W[o, c, k]·t[c]}. StarReLU
 *       {@code s·relu(x)² + b} keeps its scale and gives its bias to the layer (the node stays, with a zero
 *       bias). Never through a zero-padded convolution (a depthwise 7×7, say): border outputs see fewer
 *       taps of the shift.</li>
 * </ul>
 * Rewrites repeat until none applies, so chains (a multiply then an add) fold one link at a time.
 *
 * <pre>
 * %o = linear(%h, %fc2.weight, %fc2.bias)
 * %y = mul(%gamma, %o)
 * --&gt;
 * %y = linear(%h, %fc2.weight.folded, %fc2.bias.folded)
 * </pre>
 *
 * <p>Requires: a model. Establishes: no such map next to a layer it could fold into exactly; outputs equal
 * the original's up to the rounding of the folded weights. Division folds only by finite non-zero divisors.
 */
public final class FoldAffine implements GraphPass {
    public static final FoldAffine INSTANCE = new FoldAffine();

    private FoldAffine() {
    }

    @Override
    public String name() {
        return "fold-affine";
    }

    @Override
    public Model run(Model m) {
        return GraphEdit.untilStable(m, model -> LayerFold.round(model, FoldAffine::match));
    }

    private static LayerFold.Match match(GraphEdit e, Node n, int axis) {
        TensorType out = n.output().type();
        if (!out.dtype().isFloat()) {
            return null;
        }
        if (n.op() instanceof Binary b) {
            return binary(e, n, b, axis);
        }
        return n.op() instanceof StarRelu ? starRelu(e, n, axis) : null;
    }

    private static LayerFold.Match binary(GraphEdit e, Node n, Binary b, int axis) {
        TensorType out = n.output().type();
        Tensor first = e.known(n.input(0));
        Tensor second = e.known(n.input(1));
        if ((first == null) == (second == null)) {
            return null;
        }
        boolean knownFirst = first != null;
        Value operand = n.input(knownFirst ? 1 : 0);
        Value constant = n.input(knownFirst ? 0 : 1);
        double[] v = LayerFold.channels(knownFirst ? first : second, out, axis);
        if (v == null || !operand.type().equals(out)) {
            return null;
        }
        ChannelAffine a = ChannelAffine.identity(v.length);
        for (int c = 0; c < v.length; c++) {
            switch (b.fn()) {
                case MUL -> a.scale()[c] = v[c];
                case ADD -> a.shift()[c] = v[c];
                case SUB -> {
                    if (knownFirst) {
                        a.scale()[c] = -1;
                        a.shift()[c] = v[c];
                    } else {
                        a.shift()[c] = -v[c];
                    }
                }
                case DIV -> {
                    if (knownFirst || v[c] == 0) {
                        return null;
                    }
                    a.scale()[c] = 1 / v[c];
                }
                case POW, MAX, MIN -> {
                    return null;
                }
            }
        }
        return new LayerFold.Match(operand, a, e.literal(constant), null);
    }

    /** {@code s·relu(x)² + b} as {@code u + b} with {@code u} the same StarReLU with a zero bias. */
    private static LayerFold.Match starRelu(GraphEdit e, Node n, int axis) {
        Value bias = n.input(2);
        double[] v = LayerFold.channels(e.known(bias), n.output().type(), axis);
        if (v == null) {
            return null;
        }
        ChannelAffine a = ChannelAffine.identity(v.length);
        System.arraycopy(v, 0, a.shift(), 0, v.length);
        if (a.zeroShift()) {
            return null;
        }
        Tensor zero = Tensor.zeros(bias.type().dtype(), bias.type().shape().dims());
        return new LayerFold.Match(n.output(), a, e.literal(bias), edit -> new Node(n.op(),
                List.of(n.input(0), n.input(1), edit.tensor(edit.fresh(bias.name() + ".zero"), zero, true, n)),
                n.outputs()));
    }
}
