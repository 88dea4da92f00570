package kiln.passes.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * One round of edits to a model, made by a pass and then applied at once by {@link #finish}: nodes
 * replaced, removed or inserted (by position in the original order), values substituted for others in
 * every use, tensors added as parameters or literal constants. Queries ({@link #graph}, {@link #known})
 * answer for the model as it was. Per-run state of a pass; not shared.
 */
final class GraphEdit {
    /** The suffix of parameters that folding made. */
    static final String FOLDED = ".folded";

    private final Model model;
    private final List<Node> nodes;
    private final Map<Node, List<Node>> before = new HashMap<>();
    private final Map<Node, Node> replaced = new HashMap<>();
    private final Set<Node> removed = new HashSet<>();
    private final Map<Value, Value> substitutions = new HashMap<>();
    private final List<Value> params;
    private final Map<String, Tensor> weights;
    private final Set<String> names = new HashSet<>();
    private final Set<Node> touched = new HashSet<>();
    private boolean changed;

    GraphEdit(Model model) {
        this.model = model;
        Graph g = model.graph();
        this.nodes = g.nodes();
        this.params = new ArrayList<>(g.params());
        this.weights = new LinkedHashMap<>(model.weights());
        g.inputs().forEach(v -> names.add(v.name()));
        g.params().forEach(v -> names.add(v.name()));
        g.nodes().forEach(n -> n.outputs().forEach(v -> names.add(v.name())));
    }

    Graph graph() {
        return model.graph();
    }

    /** The tensor of a parameter or of a {@code constant} node's result; null for anything else. */
    Tensor known(Value v) {
        Tensor w = model.weights().get(v.name());
        if (w != null && model.graph().params().contains(v)) {
            return w;
        }
        Node p = model.graph().producer(v);
        return p != null && p.op() instanceof Constant c ? c.value() : null;
    }

    /** True when {@code v} is the result of a {@code constant} node (a literal, not a weight). */
    boolean literal(Value v) {
        Node p = model.graph().producer(v);
        return p != null && p.op() instanceof Constant;
    }

    /** The single node using {@code v}, when it has exactly one use and is not a graph output; else null. */
    Node soleUser(Value v) {
        List<Node> users = model.graph().users(v);
        if (users.size() != 1 || users.getFirst().inputs().stream().filter(v::equals).count() != 1) {
            return null;
        }
        for (Output o : model.graph().outputs()) {
            if (o.value().equals(v)) {
                return null;
            }
        }
        return users.getFirst();
    }

    /**
     * Claims nodes for a rewrite in this round; false (claiming nothing) when one was claimed already, so
     * rewrites of one round never overlap.
     */
    boolean claim(Node... ns) {
        for (Node n : ns) {
            if (touched.contains(n)) {
                return false;
            }
        }
        touched.addAll(List.of(ns));
        return true;
    }

    /** A value name not used yet: the hint, else the hint with {@code _2}, {@code _3}, ... appended. */
    String fresh(String hint) {
        if (names.add(hint)) {
            return hint;
        }
        for (int k = 2; ; k++) {
            String candidate = hint + "_" + k;
            if (names.add(candidate)) {
                return candidate;
            }
        }
    }

    /** The name for a tensor folded from {@code from}: its name with one {@value #FOLDED} suffix. */
    String foldedName(Value from) {
        String base = from.name();
        int at = base.lastIndexOf(FOLDED);
        if (at > 0) {
            base = base.substring(0, at);
        }
        return fresh(base + FOLDED);
    }

    /**
     * A new tensor value: a literal {@code constant} node inserted before {@code site} when {@code literal},
     * else a new parameter.
     */
    Value tensor(String name, Tensor t, boolean literal, Node site) {
        TensorType type = new TensorType(t.dtype(), Shape.of(t.shape()));
        Value v = new Value(name, type);
        if (literal) {
            insert(site, new Node(new Constant(t), List.of(), List.of(v)));
        } else {
            params.add(v);
            weights.put(name, t);
        }
        changed = true;
        return v;
    }

    /** Puts {@code n} right before {@code site}. */
    void insert(Node site, Node n) {
        before.computeIfAbsent(site, k -> new ArrayList<>()).add(n);
        changed = true;
    }

    /** Puts {@code with} where {@code old} was. */
    void replace(Node old, Node with) {
        replaced.put(old, with);
        changed = true;
    }

    void remove(Node n) {
        removed.add(n);
        changed = true;
    }

    /**
     * A value holding {@code t} folded from {@code from} (null when there was none; then {@code hint} names
     * it): {@code from} itself with new contents when it is a parameter an earlier fold made and nothing
     * else uses, else a new value named after {@code from} or the hint.
     */
    Value folded(Value from, String hint, Tensor t, boolean literal, Node site) {
        if (from != null && !literal && from.name().endsWith(FOLDED) && params.contains(from)
                && model.graph().users(from).size() == 1 && weights.get(from.name()) != null
                && Arrays.equals(t.shape(), weights.get(from.name()).shape())
                && t.dtype() == weights.get(from.name()).dtype()) {
            weights.put(from.name(), t);
            changed = true;
            return from;
        }
        return tensor(from != null ? foldedName(from) : fresh(hint), t, literal, site);
    }

    /** Turns the result {@code v} of a node being removed into a parameter holding {@code t}. */
    void becomeParam(Value v, Tensor t) {
        params.add(v);
        weights.put(v.name(), t);
        changed = true;
    }

    /** Every use of {@code from} (as an input or an output) becomes a use of {@code to}. */
    void substitute(Value from, Value to) {
        substitutions.put(from, to);
        changed = true;
    }

    /** The edited model, verified; the original instance when nothing was edited. */
    Model finish() {
        if (!changed) {
            return model;
        }
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            for (Node b : before.getOrDefault(n, List.of())) {
                out.add(b);
            }
            if (removed.contains(n)) {
                continue;
            }
            Node m = replaced.getOrDefault(n, n);
            List<Value> in = m.inputs().stream().map(this::resolve).toList();
            out.add(in.equals(m.inputs()) ? m : new Node(m.op(), in, m.outputs()));
        }
        List<Output> outputs = model.graph().outputs().stream()
                .map(o -> new Output(o.name(), resolve(o.value()))).toList();
        Graph g = model.graph();
        Map<String, Tensor> bound = new LinkedHashMap<>();
        params.forEach(p -> bound.put(p.name(), weights.get(p.name())));
        return new Model(Graph.of(g.name(), g.inputs(), params, out, outputs), bound);
    }

    private Value resolve(Value v) {
        Value r = v;
        for (int guard = 0; substitutions.containsKey(r); guard++) {
            if (guard > substitutions.size()) {
                throw new IllegalStateException("cyclic substitution of " + v);
            }
            r = substitutions.get(r);
        }
        return r;
    }

    /** Runs rounds of {@code round} until one changes nothing; the same instance when the first does not. */
    static Model untilStable(Model m, Function<Model, Model> round) {
        for (int i = 0; i < 1000; i++) {
            Model next = round.apply(m);
            if (next == m) {
                return m;
            }
            m = next;
        }
        throw new IllegalStateException("a graph pass did not reach a fixed point");
    }
}
