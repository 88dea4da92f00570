package kiln.ir.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/** Binds the symbolic batch size from the given inputs and checks them against the graph's inputs. */
final class InputCheck {
    private InputCheck() {
    }

    /**
     * The batch size N the inputs imply: the size, in the first input (in declaration order) that is
     * given with the declared rank, at its first N position. 1 when no input has an N, or none fits.
     * Disagreements between inputs are reported by {@link #problems}.
     */
    static int batchSize(Graph graph, Map<String, Tensor> inputs) {
        for (Value v : graph.inputs()) {
            Tensor t = inputs.get(v.name());
            Shape declared = v.type().shape();
            if (t == null || t.rank() != declared.rank()) {
                continue;
            }
            for (int i = 0; i < declared.rank(); i++) {
                if (declared.isBatch(i)) {
                    return t.dim(i);
                }
            }
        }
        return 1;
    }

    /**
     * One message per missing, unknown or mis-typed input. {@code graph} gives the declared types (with
     * N), {@code bound} the same graph with N bound as {@link #batchSize} chose.
     */
    static List<String> problems(Graph graph, Graph bound, Map<String, Tensor> inputs) {
        List<String> problems = new ArrayList<>();
        String batchSource = batchSource(graph, inputs);
        for (int i = 0; i < graph.inputs().size(); i++) {
            Value declared = graph.inputs().get(i);
            TensorType expected = bound.inputs().get(i).type();
            Tensor t = inputs.get(declared.name());
            if (t == null) {
                problems.add("missing input '" + declared.name() + "' (" + declared.type() + ")");
            } else if (t.dtype() != expected.dtype() || !Arrays.equals(t.shape(), expected.shape().dims())) {
                String because = "";
                if (!declared.type().shape().isStatic() && t.dtype() == expected.dtype()
                        && t.rank() == expected.rank() && batchSource != null
                        && !batchSource.equals(declared.name()) && fitsExceptBatch(declared.type().shape(), t)) {
                    because = " with N = " + batchOf(bound, graph) + " (from input '" + batchSource + "')";
                }
                problems.add("input '" + declared.name() + "' is " + t.typeString() + " but the model expects "
                        + declared.type() + because);
            }
        }
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                problems.add("input '" + name + "' is not an input of the model (its inputs are "
                        + graph.inputs().stream().map(v -> "'" + v.name() + "'").collect(Collectors.joining(", "))
                        + ")");
            }
        }
        return problems;
    }

    /** The name of the input {@link #batchSize} took N from, or null. */
    private static String batchSource(Graph graph, Map<String, Tensor> inputs) {
        for (Value v : graph.inputs()) {
            Tensor t = inputs.get(v.name());
            if (t != null && t.rank() == v.type().rank() && !v.type().shape().isStatic()) {
                return v.name();
            }
        }
        return null;
    }

    /** True when {@code t} has the declared shape at every static position. */
    private static boolean fitsExceptBatch(Shape declared, Tensor t) {
        for (int i = 0; i < declared.rank(); i++) {
            if (!declared.isBatch(i) && declared.dim(i) != t.dim(i)) {
                return false;
            }
        }
        return true;
    }

    private static int batchOf(Graph bound, Graph graph) {
        for (int i = 0; i < graph.inputs().size(); i++) {
            Shape declared = graph.inputs().get(i).type().shape();
            for (int d = 0; d < declared.rank(); d++) {
                if (declared.isBatch(d)) {
                    return bound.inputs().get(i).type().dim(d);
                }
            }
        }
        return 1;
    }
}
