package kiln.ir.graph;

import java.util.List;

/**
 * The same elements in C order under another shape. The target may hold the symbolic batch size
 * {@code N} where the input does; all other dimensions are explicit.
 */
public record Reshape(Shape shape) implements Op {
    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Shape in = x.shape();
        if (in.batchCount() != shape.batchCount() || in.staticElementCount() != shape.staticElementCount()) {
            throw new IrException(name() + ": cannot reshape " + x + " to " + shape);
        }
        return Infer.one(x.withShape(shape));
    }
}
