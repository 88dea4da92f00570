package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * Picks one element of {@code data} for each element of the i64 or i32 {@code indices}, along {@code axis}:
 * {@code out[i] = data[i with its axis coordinate replaced by indices[i]]}. The result has the shape of
 * indices, which has data's rank and, on every other axis, no more elements than data. Negative indices
 * count from the end; an index outside {@code [-d, d)} is an error when the op runs.
 */
public record GatherElements(int axis) implements Op {
    @Override
    public String name() {
        return "gather_elements";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 2);
        TensorType data = inputs.get(0);
        TensorType indices = inputs.get(1);
        int a = data.shape().axis(axis, op);
        if (indices.dtype() != DType.I64 && indices.dtype() != DType.I32) {
            throw new IrException(op + ": indices must be i64 or i32, got " + indices);
        }
        if (indices.rank() != data.rank()) {
            throw new IrException(op + ": indices " + indices + " must have the rank of data " + data);
        }
        for (int i = 0; i < data.rank(); i++) {
            int d = data.dim(i);
            int n = indices.dim(i);
            // The gathered axis may have any length; the batch size N only matches itself.
            boolean fits = d == Shape.BATCH || n == Shape.BATCH ? d == n || (i == a && d == Shape.BATCH)
                    : i == a || n <= d;
            if (!fits) {
                throw new IrException(op + ": indices " + indices + " do not fit data " + data + " on axis " + i);
            }
        }
        return Infer.one(data.withShape(indices.shape()));
    }
}
