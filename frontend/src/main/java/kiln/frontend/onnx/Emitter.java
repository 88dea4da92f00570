package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;

/**
 * Builds the Graph IR of an imported model. {@link #apply} is the one place where folding happens: an op
 * whose inputs are all constants is evaluated at once by the reference interpreter (the definition of what
 * it means), so shape computations and anything else computed from constants never reach the graph.
 *
 * <p>Node results get provisional names while the graph grows; {@link #finish} gives each value bound to
 * an ONNX name that name, drops what the outputs do not need, and builds the verified graph.
 */
final class Emitter {
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> params = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Value, String> hints = new HashMap<>();
    private final Map<Value, String> onnxNames = new LinkedHashMap<>();
    private final Map<Tensor, Value> placedConstants = new IdentityHashMap<>();
    private final Map<Tensor, String> constantNames = new IdentityHashMap<>();
    private final Set<String> fixed = new HashSet<>();
    private int counter;

    Term input(String name, TensorType type) {
        Value v = new Value(name, type);
        fixed.add(name);
        inputs.add(v);
        return Term.live(v);
    }

    /** Whether {@code v} is one of the graph's inputs. */
    boolean isInput(Value v) {
        return v != null && inputs.contains(v);
    }

    Term weight(String name, Tensor stored) {
        Value v = new Value(name, Term.constant(stored).type());
        fixed.add(name);
        params.add(v);
        return Term.weight(v, stored);
    }

    /** Applies a single-result op; see {@link #applyAll}. */
    Term apply(String hint, Op op, Term... in) {
        List<Term> out = applyAll(hint, op, List.of(in));
        if (out.size() != 1) {
            throw new IllegalStateException(op.name() + " has " + out.size() + " results");
        }
        return out.getFirst();
    }

    /**
     * The results of {@code op} on {@code in}: evaluated now when every input is a constant, else a new
     * graph node. Throws {@link kiln.ir.graph.IrException} when the op does not accept the inputs.
     */
    List<Term> applyAll(String hint, Op op, List<Term> in) {
        if (in.stream().allMatch(Term::foldable)) {
            return ReferenceInterpreter.evaluate(op, in.stream().map(Term::known).toList()).stream()
                    .map(Term::constant).toList();
        }
        List<Value> args = in.stream().map(this::value).toList();
        List<TensorType> types = op.inferTypes(args.stream().map(Value::type).toList());
        List<Value> results = new ArrayList<>();
        List<Term> terms = new ArrayList<>();
        for (TensorType t : types) {
            Value v = provisional(t);
            hints.put(v, hint);
            results.add(v);
            terms.add(Term.live(v));
        }
        nodes.add(new Node(op, args, results));
        return terms;
    }

    /** The graph value of a term, placing a constant in the graph on its first use. */
    Value value(Term t) {
        if (t.value() != null) {
            return t.value();
        }
        return placedConstants.computeIfAbsent(t.known(), k -> {
            Value v = provisional(t.type());
            hints.put(v, "const");
            String name = constantNames.get(k);
            if (name != null) {
                onnxNames.put(v, name);
            }
            nodes.add(new Node(new Constant(k), List.of(), List.of(v)));
            return v;
        });
    }

    /** Records that {@code t} is the ONNX value {@code name}, so the graph calls it that where it can. */
    void bindName(Term t, String name) {
        if (t.value() == null) {
            constantNames.putIfAbsent(t.known(), name);
        } else if (!fixed.contains(t.value().name())) {
            onnxNames.putIfAbsent(t.value(), name);
        }
    }

    /** A value with a name no ONNX value has (names are final only in {@link #finish}). */
    private Value provisional(TensorType type) {
        return new Value("\u0000" + counter++, type);
    }

    /** The verified graph computing {@code outputs} (name to term), without anything they do not need. */
    Graph finish(String graphName, Map<String, Term> outputs) {
        Map<String, Value> outputValues = new LinkedHashMap<>();
        outputs.forEach((name, t) -> outputValues.put(name, value(t)));
        Set<Value> needed = new HashSet<>(outputValues.values());
        List<Node> kept = new ArrayList<>();
        for (Node n : nodes.reversed()) {
            if (n.outputs().stream().anyMatch(needed::contains)) {
                kept.add(n);
                needed.addAll(n.inputs());
            }
        }
        kept = kept.reversed();
        Map<Value, Value> renamed = names(kept);
        List<Node> finalNodes = new ArrayList<>();
        for (Node n : kept) {
            finalNodes.add(new Node(n.op(), n.inputs().stream().map(v -> renamed.getOrDefault(v, v)).toList(),
                    n.outputs().stream().map(renamed::get).toList()));
        }
        List<Value> usedParams = params.stream().filter(needed::contains).toList();
        List<Output> outs = new ArrayList<>();
        outputValues.forEach((name, v) -> outs.add(new Output(name, renamed.getOrDefault(v, v))));
        return Graph.of(graphName, inputs, usedParams, finalNodes, outs);
    }

    /** Final names: the ONNX name where a value has one, else its hint with a number. */
    private Map<Value, Value> names(List<Node> kept) {
        Set<String> taken = new HashSet<>(fixed);
        Map<Value, String> chosen = new HashMap<>();
        for (Node n : kept) {
            for (Value v : n.outputs()) {
                String want = onnxNames.get(v);
                if (want != null && taken.add(want)) {
                    chosen.put(v, want);
                }
            }
        }
        Map<Value, Value> out = new HashMap<>();
        Map<String, Integer> next = new HashMap<>();
        for (Node n : kept) {
            for (Value v : n.outputs()) {
                String name = chosen.get(v);
                if (name == null) {
                    String base = hints.getOrDefault(v, "t");
                    do {
                        name = base + "." + next.merge(base, 1, Integer::sum);
                    } while (!taken.add(name));
                }
                out.put(v, new Value(name, v.type()));
            }
        }
        return out;
    }
}
