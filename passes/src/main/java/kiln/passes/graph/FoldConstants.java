package kiln.passes.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.graph.Constant;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;

/**
 * Constant folding: evaluates at compile time, with the reference interpreter, the nodes whose inputs are
 * all known (weights, literal constants, or results of such nodes), so that weight-only subgraphs — an
 * SGConv kernel built from its sub-kernels, DCLS taps rendered into a dense kernel, a long-convolution
 * kernel squashed and smoothed, a reshaped layer scale — become tensors.
 *
 * <p>What to fold is decided per <em>frontier</em> value: a computable value used by a node that is not
 * computable, or by a graph output. Its cone (the computable nodes it depends on) is folded whole when it
 * depends on a weight (a weight-only chain: its result is a weight too), or when the value is not much
 * bigger than the literal constants it comes from ({@value #GROWTH}× their elements, or up to
 * {@value #SMALL} elements); otherwise the value stays computed at run time and its own computable inputs
 * are considered in turn (so a broadcast that would blow a small literal up into a large tensor is not
 * stored). A folded value that depends on a weight becomes a parameter of the same name; one made of
 * literals only becomes a {@code constant} node. A node the interpreter refuses (an integer division by
 * zero, say) stays in the graph, to fail at run time as it would have.
 *
 * <pre>
 * %k = reshape(%gamma) {shape=[96, 1, 1]}          (%gamma a parameter)
 * %y = mul(%h, %k)
 * --&gt;
 * param %k: f32[96, 1, 1]                           (holding gamma's values)
 * %y = mul(%h, %k)
 * </pre>
 *
 * <p>Requires: a model. Establishes: no node the size rule lets fold has only known inputs; the outputs are
 * bit-identical under the reference interpreter (which is what computed the folded values). Unused weights
 * are left for {@link EliminateDeadCode}.
 */
public final class FoldConstants implements GraphPass {
    public static final FoldConstants INSTANCE = new FoldConstants();

    /** A literal-only value may grow to this many times the elements of the literals it is made from. */
    static final int GROWTH = 4;
    /** A literal-only value of at most this many elements is always folded. */
    static final long SMALL = 4096;

    private FoldConstants() {
    }

    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Model run(Model m) {
        GraphEdit e = new GraphEdit(m);
        Map<Value, Node> computable = new HashMap<>();
        for (Node n : m.graph().nodes()) {
            if (!(n.op() instanceof Constant) && !n.inputs().isEmpty()
                    && n.outputs().stream().allMatch(v -> v.type().shape().isStatic())
                    && n.inputs().stream().allMatch(v -> e.known(v) != null || computable.containsKey(v))) {
                n.outputs().forEach(v -> computable.put(v, n));
            }
        }
        if (computable.isEmpty()) {
            return m;
        }
        Set<Node> fold = chooseCones(e, computable);
        Map<Value, Tensor> values = new HashMap<>();
        Set<Node> folded = new HashSet<>();
        for (Node n : m.graph().nodes()) {
            if (!fold.contains(n)) {
                continue;
            }
            List<Tensor> in = n.inputs().stream().map(v -> values.containsKey(v) ? values.get(v) : e.known(v)).toList();
            if (in.contains(null)) {
                continue;
            }
            try {
                List<Tensor> out = ReferenceInterpreter.evaluate(n.op(), in);
                for (int i = 0; i < out.size(); i++) {
                    values.put(n.outputs().get(i), out.get(i));
                }
                folded.add(n);
            } catch (IrException | ArithmeticException refused) {
                // Left to run (and fail) at run time.
            }
        }
        Set<Value> needed = new HashSet<>();
        for (Node n : m.graph().nodes()) {
            if (!folded.contains(n)) {
                needed.addAll(n.inputs());
            }
        }
        m.graph().outputs().stream().map(Output::value).forEach(needed::add);
        Map<Node, Boolean> weightMemo = new HashMap<>();
        for (Node n : m.graph().nodes()) {
            if (!folded.contains(n)) {
                continue;
            }
            boolean weight = dependsOnWeight(e, n, computable, weightMemo);
            for (Value v : n.outputs()) {
                if (!needed.contains(v)) {
                    continue;
                }
                Tensor t = values.get(v).asReadOnly();
                if (weight) {
                    e.becomeParam(v, t);
                } else {
                    e.insert(n, new Node(new Constant(t), List.of(), List.of(v)));
                }
            }
            e.remove(n);
        }
        return e.finish();
    }

    /** The nodes to fold: the cones of the frontier values the size rule accepts. */
    private static Set<Node> chooseCones(GraphEdit e, Map<Value, Node> computable) {
        Deque<Value> frontier = new ArrayDeque<>();
        for (Node n : e.graph().nodes()) {
            if (!computable.containsKey(n.output())) {
                n.inputs().stream().filter(computable::containsKey).forEach(frontier::add);
            }
        }
        e.graph().outputs().stream().map(Output::value).filter(computable::containsKey).forEach(frontier::add);
        Set<Node> fold = new LinkedHashSet<>();
        Set<Value> seen = new HashSet<>();
        Map<Node, Boolean> weightMemo = new HashMap<>();
        while (!frontier.isEmpty()) {
            Value v = frontier.poll();
            if (!seen.add(v)) {
                continue;
            }
            Node n = computable.get(v);
            if (dependsOnWeight(e, n, computable, weightMemo) || v.type().shape().elementCount()
                    <= Math.max(SMALL, GROWTH * literalElements(e, n, computable))) {
                addCone(n, computable, fold);
            } else {
                n.inputs().stream().filter(computable::containsKey).forEach(frontier::add);
            }
        }
        return fold;
    }

    private static void addCone(Node n, Map<Value, Node> computable, Set<Node> fold) {
        if (!fold.add(n)) {
            return;
        }
        for (Value v : n.inputs()) {
            Node p = computable.get(v);
            if (p != null) {
                addCone(p, computable, fold);
            }
        }
    }

    private static boolean dependsOnWeight(GraphEdit e, Node n, Map<Value, Node> computable, Map<Node, Boolean> memo) {
        Boolean known = memo.get(n);
        if (known != null) {
            return known;
        }
        boolean weight = false;
        for (Value v : n.inputs()) {
            Node p = computable.get(v);
            weight |= p != null ? dependsOnWeight(e, p, computable, memo) : !e.literal(v);
        }
        memo.put(n, weight);
        return weight;
    }

    /** Elements of the distinct literal constants in the cone of {@code n}. */
    private static long literalElements(GraphEdit e, Node n, Map<Value, Node> computable) {
        Set<Value> literals = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>(List.of(n));
        Set<Node> visited = new HashSet<>();
        while (!work.isEmpty()) {
            Node x = work.poll();
            if (!visited.add(x)) {
                continue;
            }
            for (Value v : x.inputs()) {
                Node p = computable.get(v);
                if (p != null) {
                    work.add(p);
                } else {
                    literals.add(v);
                }
            }
        }
        return literals.stream().mapToLong(v -> v.type().shape().elementCount()).sum();
    }
}
