package kiln.tests.ort;

import kiln.ir.graph.Conv;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Node;
import kiln.ir.graph.TensorType;

/** A rough cost of a static graph: the multiply-adds of its convolutions and matrix products. */
final class MultiplyAdds {
    private MultiplyAdds() {
    }

    static double of(Graph g) {
        double total = 0;
        for (Node n : g.nodes()) {
            TensorType out = n.output().type();
            double outputs = out.shape().elementCount();
            total += switch (n.op()) {
                case Conv c -> {
                    TensorType w = n.input(1).type();
                    double perOutput = 1;
                    for (int i = 1; i < w.rank(); i++) {
                        perOutput *= w.dim(i);
                    }
                    yield outputs * perOutput;
                }
                case MatMul m -> outputs * n.input(1).type().dim(Math.max(0, n.input(1).type().rank() - 2));
                case Gemm gm -> outputs * (gm.transA() ? n.input(0).type().dim(0) : n.input(0).type().dim(1));
                case Linear l -> outputs * n.input(1).type().dim(1);
                default -> 0;
            };
        }
        return total;
    }
}
