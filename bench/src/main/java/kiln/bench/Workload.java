package kiln.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Value;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;

/**
 * One thing to time: a model with static shapes, its weights and inputs, and what ONNX Runtime runs for it.
 *
 * @param name     the name in the table (what a filter matches)
 * @param graph    the model, batch bound
 * @param weights  a tensor for every parameter
 * @param inputs   the inputs both engines get, by name
 * @param onnxFile the ONNX file ONNX Runtime runs, or null to run the model as Kiln's ONNX exporter writes it
 * @param cost     its flops and least bytes moved
 */
record Workload(String name, Graph graph, Map<String, Tensor> weights, Map<String, Tensor> inputs, Path onnxFile,
        Cost cost) {

    /** A workload of a graph with static shapes, seeded random inputs, exported to ONNX for ONNX Runtime. */
    static Workload ofGraph(String name, Graph graph, Map<String, Tensor> weights) {
        return new Workload(name, graph, weights, randomInputs(graph), null, Cost.of(graph, weights));
    }

    /** The seeded random inputs {@code kiln run} and model jars use when none are given. */
    static Map<String, Tensor> randomInputs(Graph graph) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Value in : graph.inputs()) {
            inputs.put(in.name(), SeededRandom.input(in.name(), in.type().dtype(), in.type().shape().dims()));
        }
        return inputs;
    }
}
