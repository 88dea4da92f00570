package kiln.ir.graph;

import java.util.List;
import kiln.runtime.Tensor;

/** A literal tensor embedded in the graph (scalars, small tables). Weights are parameters instead. */
public record Constant(Tensor value) implements Op {
    public Constant {
        value = value.asReadOnly();
    }

    /** Constants are equal when their dtype, shape and bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Constant c && value.contentEquals(c.value);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(value.shape()) * 31 + value.dtype().hashCode();
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
