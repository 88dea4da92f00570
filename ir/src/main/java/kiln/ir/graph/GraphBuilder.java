package kiln.ir.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a graph node by node. Each {@code add} infers the result types at once, so an ill-typed node is
 * reported where it is made. Result names are fresh: the hint when given and free, else the hint with a
 * numeric suffix, else a number.
 */
public final class GraphBuilder {
    private final String name;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> params = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private int counter;

    public GraphBuilder(String name) {
        this.name = name;
    }

    public Value input(String inputName, TensorType type) {
        Value v = new Value(claim(inputName), type);
        inputs.add(v);
        return v;
    }

    public Value param(String paramName, TensorType type) {
        Value v = new Value(claim(paramName), type);
        params.add(v);
        return v;
    }

    /** Adds a single-result node with a generated result name. */
    public Value add(Op op, Value... in) {
        return addNamed(null, op, in);
    }

    /** Adds a single-result node whose result is named after {@code hint} when possible. */
    public Value addNamed(String hint, Op op, Value... in) {
        List<Value> out = addMulti(hint, op, Arrays.asList(in));
        if (out.size() != 1) {
            throw new IrException(op.name() + ": has " + out.size() + " results; use addMulti");
        }
        return out.getFirst();
    }

    /** Adds a node with any number of results. */
    public List<Value> addMulti(String hint, Op op, List<Value> in) {
        List<TensorType> types = op.inferTypes(in.stream().map(Value::type).toList());
        List<Value> out = new ArrayList<>();
        for (TensorType t : types) {
            out.add(new Value(fresh(hint), t));
        }
        nodes.add(new Node(op, in, out));
        return out;
    }

    public void output(String outputName, Value v) {
        outputs.add(new Output(outputName, v));
    }

    public Graph build() {
        return Graph.of(name, inputs, params, nodes, outputs);
    }

    private String claim(String valueName) {
        if (!used.add(valueName)) {
            throw new IrException("the name " + valueName + " is already used in graph " + name);
        }
        return valueName;
    }

    private String fresh(String hint) {
        if (hint != null && used.add(hint)) {
            return hint;
        }
        String base = hint == null ? "" : hint + "_";
        String candidate;
        do {
            candidate = base + counter++;
        } while (!used.add(candidate));
        return candidate;
    }
}
