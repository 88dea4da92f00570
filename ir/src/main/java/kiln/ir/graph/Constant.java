package kiln.ir.graph;

import java.util.List;
import kiln.runtime.Tensor;

/** A literal tensor embedded in the graph (scalars, small tables). Weights are parameters instead. */
public record Constant(Tensor value) implements Op {
    public Constant {
        value = value.asReadOnly();
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 0, 0);
        return List.of(new TensorType(value.dtype(), Shape.of(value.shape())));
    }
}
