package kiln.ir.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The invariants of a graph: unique value names, SSA order (definition before use), result types equal
 * to what each op infers from its inputs, and outputs that name defined values.
 */
public final class Verifier {
    private Verifier() {
    }

    /** Every problem found; empty for a well-formed graph. */
    public static List<String> problems(String name, List<Value> inputs, List<Value> params, List<Node> nodes,
            List<Output> outputs) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add("the graph has no name");
        }
        Set<String> names = new HashSet<>();
        Set<Value> defined = new HashSet<>();
        for (Value v : inputs) {
            define(v, "input", names, defined, problems);
        }
        for (Value v : params) {
            define(v, "parameter", names, defined, problems);
        }
        for (Node n : nodes) {
            String where = describe(n);
            for (Value v : n.inputs()) {
                if (!defined.contains(v)) {
                    problems.add(where + ": uses " + v + " : " + v.type() + " before it is defined");
                }
            }
            try {
                List<TensorType> types = n.op().inferTypes(n.inputs().stream().map(Value::type).toList());
                List<TensorType> declared = n.outputs().stream().map(Value::type).toList();
                if (!types.equals(declared)) {
                    problems.add(where + ": declares " + declared + " but the op gives " + types);
                }
            } catch (IrException e) {
                problems.add(where + ": " + e.getMessage());
            }
            for (Value v : n.outputs()) {
                define(v, "result", names, defined, problems);
            }
        }
        if (outputs.isEmpty()) {
            problems.add("the graph has no outputs");
        }
        Set<String> outputNames = new HashSet<>();
        for (Output o : outputs) {
            if (o.name() == null || o.name().isEmpty() || !outputNames.add(o.name())) {
                problems.add("output name '" + o.name() + "' is empty or repeated");
            }
            if (!defined.contains(o.value())) {
                problems.add("output " + o.name() + " refers to undefined value " + o.value());
            }
        }
        return problems;
    }

    private static void define(Value v, String kind, Set<String> names, Set<Value> defined, List<String> problems) {
        if (!names.add(v.name())) {
            problems.add(kind + " " + v + " redefines a name");
        }
        defined.add(v);
    }

    private static String describe(Node n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.outputs().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(n.outputs().get(i));
        }
        return sb.append(" = ").append(n.op().name()).toString();
    }
}
