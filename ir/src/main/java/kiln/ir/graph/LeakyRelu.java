package kiln.ir.graph;

import java.util.List;

/** {@code x >= 0 ? x : alpha·x}. */
public record LeakyRelu(double alpha) implements Op {
    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        return Activation.floatElementwise(name(), inputs);
    }
}
