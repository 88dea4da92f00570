package kiln.passes.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Value;

/**
 * Common-subexpression elimination: a node with the same op (equal attributes; for constants, equal
 * dtype, shape and bytes) applied to the same inputs as an earlier node is removed, and its results are
 * replaced by the earlier node's everywhere. Every Graph IR op is a pure function of its inputs, so this
 * is exact. Parameters are never merged, even when their contents are equal: they are distinct weights.
 *
 * <pre>
 * %a = mul(%w, %x)
 * %b = mul(%w, %x)
 * %y = add(%a, %b)
 * --&gt;
 * %a = mul(%w, %x)
 * %y = add(%a, %a)
 * </pre>
 *
 * <p>Requires: a model. Establishes: no two nodes compute the same op of the same values; the outputs are
 * bit-identical.
 */
public final class EliminateCommonSubexpressions implements GraphPass {
    public static final EliminateCommonSubexpressions INSTANCE = new EliminateCommonSubexpressions();

    private record Key(Op op, List<Value> inputs) {
    }

    private EliminateCommonSubexpressions() {
    }

    @Override
    public String name() {
        return "cse";
    }

    @Override
    public Model run(Model m) {
        GraphEdit e = new GraphEdit(m);
        Map<Value, Value> same = new HashMap<>();
        Map<Key, Node> seen = new HashMap<>();
        for (Node n : m.graph().nodes()) {
            Key key = new Key(n.op(), n.inputs().stream().map(v -> same.getOrDefault(v, v)).toList());
            Node first = seen.putIfAbsent(key, n);
            if (first != null) {
                for (int i = 0; i < n.outputs().size(); i++) {
                    same.put(n.outputs().get(i), first.outputs().get(i));
                    e.substitute(n.outputs().get(i), first.outputs().get(i));
                }
                e.remove(n);
            }
        }
        return e.finish();
    }
}
