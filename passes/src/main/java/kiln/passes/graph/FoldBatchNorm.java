package kiln.passes.graph;

import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Node;
import kiln.runtime.Tensor;

/**
 * Folds batch norm (inference form, known statistics) into a neighbouring convolution, linear layer or
 * gemm, removing the norm. With {@code s = γ/√(σ² + ε)}:
 * <ul>
 *   <li>after the layer (its result used by the norm alone): {@code W' = W·s}, {@code b' = β + (b − μ)·s};</li>
 *   <li>before a convolution without padding or a linear layer (the norm's result used by the layer alone):
 *       {@code W'[o, c] = W[o, c]·s[c]}, {@code b'[o] = b[o] + Σ W[o, c, k]·(β − μ·s)[c]}. Not through a
 *       zero-padded convolution: its border outputs see the padding's zeros, not {@code β − μ·s}.</li>
 * </ul>
 * The norm's channel axis (1) must be the layer's channel axis, so a linear layer folds only on rank-2
 * tensors. Rewrites repeat until none applies.
 *
 * <pre>
 * %c = conv(%x, %w) {pads_begin=[1, 1], pads_end=[1, 1]}
 * %y = batch_norm(%c, %bn.weight, %bn.bias, %bn.mean, %bn.var)
 * --&gt;
 * %y = conv(%x, %w.folded, %bias.folded) {pads_begin=[1, 1], pads_end=[1, 1]}
 * </pre>
 *
 * <p>Requires: a model. Establishes: no batch norm whose neighbouring layer it could fold into exactly; the
 * outputs equal the original's up to the rounding of the folded weights (one f32 rounding each). Leaves
 * the unused original weights for {@link EliminateDeadCode}.
 */
public final class FoldBatchNorm implements GraphPass {
    public static final FoldBatchNorm INSTANCE = new FoldBatchNorm();

    private FoldBatchNorm() {
    }

    @Override
    public String name() {
        return "fold-batch-norm";
    }

    @Override
    public Model run(Model m) {
        return GraphEdit.untilStable(m, model -> LayerFold.round(model, FoldBatchNorm::match));
    }

    private static LayerFold.Match match(GraphEdit e, Node n, int axis) {
        if (!(n.op() instanceof BatchNorm bn) || axis != 1) {
            return null;
        }
        Tensor[] stats = new Tensor[4];
        boolean literal = true;
        for (int i = 0; i < 4; i++) {
            stats[i] = e.known(n.input(i + 1));
            if (stats[i] == null) {
                return null;
            }
            literal &= e.literal(n.input(i + 1));
        }
        ChannelAffine a = ChannelAffine.batchNorm(stats[0], stats[1], stats[2], stats[3], bn.epsilon());
        return new LayerFold.Match(n.input(0), a, literal, null);
    }
}
