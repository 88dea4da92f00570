package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * Picks slices of {@code data} along {@code axis} by integer {@code indices} (negative ones count from the
 * end): the result has shape {@code data[:axis] + indices + data[axis+1:]}.
 */
public record Gather(int axis) implements Op {
    @Override
    public String name() {
        return "gather";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 2, 2);
        TensorType data = inputs.get(0);
        TensorType indices = inputs.get(1);
        int a = data.shape().axis(axis, name());
        if (indices.dtype() != DType.I64 && indices.dtype() != DType.I32) {
            throw new IrException(name() + ": indices must be i64 or i32, got " + indices);
        }
        int[] d = data.shape().dims();
        int[] ix = indices.shape().dims();
        int[] dims = new int[d.length - 1 + ix.length];
        System.arraycopy(d, 0, dims, 0, a);
        System.arraycopy(ix, 0, dims, a, ix.length);
        System.arraycopy(d, a + 1, dims, a + ix.length, d.length - a - 1);
        return Infer.one(data.withShape(Shape.of(dims)));
    }
}
