package kiln.ir.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;

/**
 * Binds weight tensors to a graph's parameters by name, and defines the deterministic initialisation
 * used when a model is run or compiled without a weights file.
 *
 * <p>Default initialisation, per parameter, seeded by its full name (so it does not depend on the order
 * of declarations): a parameter of rank ≥ 2 is uniform in ±1/√fanIn with fanIn the product of all but
 * its first dimension (PyTorch's default bound for convolution and linear weights); a parameter of rank
 * ≤ 1 whose last name component contains {@code var} (a variance) is uniform in [0.5, 1.5), one named
 * {@code weight}, {@code scale} or {@code gamma} is uniform in [0.5, 1.5), and any other is uniform in
 * ±0.1.
 */
public final class Weights {
    private Weights() {
    }

    /** Checks {@code given} against the parameters: one message per missing, extra or mis-shaped weight. */
    public static List<String> problems(Graph graph, Map<String, Tensor> given) {
        List<String> problems = new ArrayList<>();
        for (Value p : graph.params()) {
            Tensor t = given.get(p.name());
            if (t == null) {
                problems.add("missing weight '" + p.name() + "' (" + p.type() + ")");
            } else if (t.dtype() != p.type().dtype() || !Arrays.equals(t.shape(), p.type().shape().dims())) {
                problems.add("weight '" + p.name() + "' is " + t.typeString() + " but the model declares " + p.type());
            }
        }
        for (String name : given.keySet()) {
            if (graph.value(name) == null || !graph.params().contains(graph.value(name))) {
                problems.add("weight '" + name + "' is not a parameter of the model" + suggestion(graph, name));
            }
        }
        return problems;
    }

    /** The given weights, checked; throws {@link IrException} listing every problem. */
    public static Map<String, Tensor> bind(Graph graph, Map<String, Tensor> given) {
        List<String> problems = problems(graph, given);
        if (!problems.isEmpty()) {
            throw new IrException(String.join("\n", problems));
        }
        Map<String, Tensor> bound = new LinkedHashMap<>();
        graph.params().forEach(p -> bound.put(p.name(), given.get(p.name())));
        return bound;
    }

    /** The default initial value of every parameter. */
    public static Map<String, Tensor> initial(Graph graph) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Value p : graph.params()) {
            out.put(p.name(), initial(p.name(), p.type()));
        }
        return out;
    }

    /** The default initial value of one parameter. */
    public static Tensor initial(String name, TensorType type) {
        int[] dims = type.shape().dims();
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        double lo;
        double hi;
        if (dims.length >= 2) {
            long fanIn = 1;
            for (int i = 1; i < dims.length; i++) {
                fanIn *= dims[i];
            }
            hi = 1 / Math.sqrt(Math.max(1, fanIn));
            lo = -hi;
        } else if (last.contains("var") || last.equals("weight") || last.equals("scale") || last.equals("gamma")) {
            lo = 0.5;
            hi = 1.5;
        } else {
            lo = -0.1;
            hi = 0.1;
        }
        return SeededRandom.uniform(name, 1, type.dtype(), dims, lo, hi);
    }

    private static String suggestion(Graph graph, String name) {
        return Spelling.didYouMean(name, graph.params().stream().map(Value::name).toList());
    }
}
