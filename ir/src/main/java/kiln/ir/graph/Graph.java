package kiln.ir.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Graph IR program: named inputs, parameters (weights, bound by name), nodes in definition order (SSA:
 * every value is defined once, before its uses) and named outputs. A graph is immutable and always
 * well-formed: {@link #of} runs the {@link Verifier} and refuses anything it finds.
 */
public final class Graph {
    private final String name;
    private final List<Value> inputs;
    private final List<Value> params;
    private final List<Node> nodes;
    private final List<Output> outputs;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<Value, Node> producers = new HashMap<>();
    private final Map<Value, List<Node>> users = new HashMap<>();

    private Graph(String name, List<Value> inputs, List<Value> params, List<Node> nodes, List<Output> outputs) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.params = List.copyOf(params);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        inputs.forEach(v -> values.put(v.name(), v));
        params.forEach(v -> values.put(v.name(), v));
        for (Node n : nodes) {
            for (Value v : n.outputs()) {
                values.put(v.name(), v);
                producers.put(v, n);
            }
            for (Value v : n.inputs()) {
                users.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** A verified graph; throws {@link IrException} listing every problem the verifier finds. */
    public static Graph of(String name, List<Value> inputs, List<Value> params, List<Node> nodes,
            List<Output> outputs) {
        List<String> problems = Verifier.problems(name, inputs, params, nodes, outputs);
        if (!problems.isEmpty()) {
            throw new IrException("ill-formed graph " + name + ":\n  " + String.join("\n  ", problems));
        }
        return new Graph(name, inputs, params, nodes, outputs);
    }

    public String name() {
        return name;
    }

    public List<Value> inputs() {
        return inputs;
    }

    public List<Value> params() {
        return params;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Output> outputs() {
        return outputs;
    }

    /** The value of that name, or null. */
    public Value value(String valueName) {
        return values.get(valueName);
    }

    /** The node defining {@code v}, or null for inputs and parameters. */
    public Node producer(Value v) {
        return producers.get(v);
    }

    /** The nodes that use {@code v}, in definition order. */
    public List<Node> users(Value v) {
        return Collections.unmodifiableList(users.getOrDefault(v, List.of()));
    }

    /** True when no input has a symbolic batch dimension. */
    public boolean isStatic() {
        return inputs.stream().allMatch(v -> v.type().shape().isStatic());
    }

    /**
     * This graph with the symbolic batch size fixed to {@code batch}: every shape is inferred again, so
     * the result is as checked as the original.
     */
    public Graph bindBatch(int batch) {
        if (isStatic()) {
            return this;
        }
        Map<Value, Value> map = new LinkedHashMap<>();
        List<Value> newInputs = new ArrayList<>();
        for (Value v : inputs) {
            Value b = new Value(v.name(), v.type().withShape(v.type().shape().bindBatch(batch)));
            map.put(v, b);
            newInputs.add(b);
        }
        params.forEach(p -> map.put(p, p));
        List<Node> newNodes = new ArrayList<>();
        for (Node n : nodes) {
            Op op = n.op();
            if (op instanceof Reshape r) {
                op = new Reshape(r.shape().bindBatch(batch));
            } else if (op instanceof Resize r) {
                op = r.bindBatch(batch);
            }
            List<Value> in = n.inputs().stream().map(map::get).toList();
            List<TensorType> types = op.inferTypes(in.stream().map(Value::type).toList());
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                Value v = new Value(n.outputs().get(i).name(), types.get(i));
                map.put(n.outputs().get(i), v);
                out.add(v);
            }
            newNodes.add(new Node(op, in, out));
        }
        List<Output> newOutputs = outputs.stream().map(o -> new Output(o.name(), map.get(o.value()))).toList();
        return of(name, newInputs, params, newNodes, newOutputs);
    }

    @Override
    public String toString() {
        return "Graph(" + name + ", " + nodes.size() + " nodes)";
    }
}
