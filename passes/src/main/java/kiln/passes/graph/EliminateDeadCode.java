package kiln.passes.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * Dead-code elimination: removes the nodes no graph output depends on, and the parameters (with their
 * weights) that no remaining node uses. Graph inputs stay, used or not: they are the model's interface.
 *
 * <pre>
 * param %w.folded: f32[4, 3, 3, 3]
 * param %w: f32[4, 3, 3, 3]        (no longer used after folding)
 * %unused = relu(%x)
 * --&gt;
 * param %w.folded: f32[4, 3, 3, 3]
 * </pre>
 *
 * <p>Requires: a model. Establishes: every node and parameter contributes to an output; the outputs are
 * bit-identical.
 */
public final class EliminateDeadCode implements GraphPass {
    public static final EliminateDeadCode INSTANCE = new EliminateDeadCode();

    private EliminateDeadCode() {
    }

    @Override
    public String name() {
        return "dce";
    }

    @Override
    public Model run(Model m) {
        Graph g = m.graph();
        Set<Value> live = new HashSet<>();
        g.outputs().stream().map(Output::value).forEach(live::add);
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes().reversed()) {
            if (n.outputs().stream().anyMatch(live::contains)) {
                kept.add(n);
                live.addAll(n.inputs());
            }
        }
        List<Value> params = g.params().stream().filter(live::contains).toList();
        if (kept.size() == g.nodes().size() && params.size() == g.params().size()) {
            return m;
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        params.forEach(p -> weights.put(p.name(), m.weights().get(p.name())));
        return new Model(Graph.of(g.name(), g.inputs(), params, kept.reversed(), g.outputs()), weights);
    }
}
