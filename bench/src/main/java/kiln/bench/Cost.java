package kiln.bench;

import java.util.Map;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * What a workload must do at least, counted before it is measured.
 *
 * @param flops 2 × the multiply-adds of its convolutions and matrix products (the usual count; pointwise
 *              operators, norms and pools are not counted, so a model's GFLOP/s is a slight underestimate)
 * @param bytes the least bytes it must move: every input, weight and output once (activations between its
 *              operators may stay in cache)
 */
record Cost(double flops, double bytes) {
    /** The cost of {@code graph}, whose shapes must be static, with its {@code weights}. */
    static Cost of(Graph graph, Map<String, Tensor> weights) {
        double flops = 0;
        for (Node n : graph.nodes()) {
            flops += flops(n);
        }
        double bytes = 0;
        for (Value in : graph.inputs()) {
            bytes += bytes(in.type());
        }
        for (Output out : graph.outputs()) {
            bytes += bytes(out.value().type());
        }
        for (Tensor w : weights.values()) {
            bytes += w.data().byteSize();
        }
        return new Cost(flops, bytes);
    }

    /** Flop per byte. */
    double intensity() {
        return flops / bytes;
    }

    private static double flops(Node n) {
        double outputs = elements(n.output().type());
        return switch (n.op()) {
            // Each output element sums (C / groups) × kernel products.
            case Conv c -> 2 * outputs * elements(n.input(1).type()) / n.input(1).type().dim(0);
            case MatMul m -> {
                TensorType a = n.input(0).type();
                yield 2 * outputs * a.dim(a.rank() - 1);
            }
            case Linear l -> {
                TensorType x = n.input(0).type();
                yield 2 * outputs * x.dim(x.rank() - 1);
            }
            case Gemm g -> 2 * outputs * n.input(0).type().dim(g.transA() ? 0 : 1);
            // Only products are counted (see the class comment); everything else is cheap beside them.
            default -> 0;
        };
    }

    private static double elements(TensorType t) {
        return t.shape().elementCount();
    }

    private static double bytes(TensorType t) {
        return elements(t) * t.dtype().byteSize();
    }
}
