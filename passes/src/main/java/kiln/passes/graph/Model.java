package kiln.passes.graph;

import java.util.Collections;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.runtime.Tensor;

/**
 * A graph together with the weights bound to its parameters: what graph passes take and return, since
 * folding rewrites weights as well as nodes. Always consistent: the constructor binds the weights as
 * {@link Weights#bind} does (one tensor per parameter, of its declared dtype and shape, nothing else) and
 * keeps them in parameter order.
 */
public record Model(Graph graph, Map<String, Tensor> weights) {
    public Model {
        weights = Collections.unmodifiableMap(Weights.bind(graph, weights));
    }

    /** The graph with the default initialisation of every parameter ({@link Weights#initial}). */
    public static Model initial(Graph graph) {
        return new Model(graph, Weights.initial(graph));
    }
}
