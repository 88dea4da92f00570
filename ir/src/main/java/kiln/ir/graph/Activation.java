package kiln.ir.graph;

import java.util.List;

/** Type rule shared by the elementwise activations with scalar attributes. */
final class Activation {
    private Activation() {
    }

    static List<TensorType> floatElementwise(String op, List<TensorType> inputs) {
        Infer.arity(op, inputs, 1, 1);
        Infer.requireFloat(op, inputs.getFirst());
        return Infer.one(inputs.getFirst());
    }
}
