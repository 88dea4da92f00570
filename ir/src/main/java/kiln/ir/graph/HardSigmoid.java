package kiln.ir.graph;

import java.util.List;

/** {@code max(0, min(1, alpha·x + beta))}; PyTorch's hardsigmoid is alpha = 1/6, beta = 0.5. */
public record HardSigmoid(double alpha, double beta) implements Op {
    @Override
    public String name() {
        return "hard_sigmoid";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        return Activation.floatElementwise(name(), inputs);
    }
}
