package kiln.frontend.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Weights;
import kiln.runtime.Tensor;

/**
 * An imported ONNX model: its Graph IR and a tensor for every parameter (from the model's initializers),
 * bound by name.
 *
 * @param opset the version of the default operator set the model is written against
 * @param producer who wrote the model, e.g. {@code pytorch 2.1.0}, or empty
 */
public record OnnxModel(Graph graph, Map<String, Tensor> weights, int opset, String producer) {
    public OnnxModel {
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /**
     * The weights with some replaced by name (e.g. from a weights file). Every given tensor must be a
     * parameter of the model with its dtype and shape, else an {@link IrException} lists what is wrong.
     */
    public Map<String, Tensor> weightsWith(Map<String, Tensor> overrides) {
        Map<String, Tensor> merged = new LinkedHashMap<>(weights);
        merged.putAll(overrides);
        List<String> problems = Weights.problems(graph, merged);
        if (!problems.isEmpty()) {
            throw new IrException(String.join("\n", problems));
        }
        return merged;
    }
}
