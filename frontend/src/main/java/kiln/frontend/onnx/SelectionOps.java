package kiln.frontend.onnx;

import java.util.List;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Where;

/**
 * Comparisons and the operators that select elements, by a mask (Where, ThresholdedRelu) or by indices
 * (GatherElements). On constants they fold like every op, so shape computations that use them (PyTorch writes
 * Expand's target as {@code Where(Equal(shape, -1), 1, shape)}) disappear.
 */
final class SelectionOps {
    private SelectionOps() {
    }

    static List<Term> compare(NodeContext n, CompareFn fn) {
        return List.of(n.apply(new Compare(fn), n.in(0), n.in(1)));
    }

    static List<Term> where(NodeContext n) {
        return List.of(n.apply(new Where(), n.in(0), n.in(1), n.in(2)));
    }

    static List<Term> gatherElements(NodeContext n) {
        int axis = NodeContext.toInt(n.attrs().getInt("axis", 0), "axis");
        return List.of(n.apply(new GatherElements(axis), n.in(0), n.in(1)));
    }

    /** ThresholdedRelu: {@code x > alpha ? x : 0}, so NaN gives 0. */
    static List<Term> thresholdedRelu(NodeContext n) {
        Term x = n.in(0);
        double alpha = n.attrs().getFloat("alpha", 1.0f);
        Term above = n.apply(new Compare(CompareFn.GREATER), x, NodeContext.scalar(x.dtype(), alpha));
        return List.of(n.apply(new Where(), above, x, NodeContext.scalar(x.dtype(), 0)));
    }
}
