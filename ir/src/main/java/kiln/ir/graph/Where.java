package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * {@code where(cond, x, y)}: each element is x's where the bool {@code cond} is true, else y's. The three
 * inputs broadcast together (numpy rules); x and y have one dtype, which the result has. Elements are
 * copied, not computed, so NaN payloads, −0 and infinities pass through unchanged.
 */
public record Where() implements Op {
    @Override
    public String name() {
        return "where";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 3, 3);
        TensorType cond = inputs.get(0);
        TensorType x = inputs.get(1);
        TensorType y = inputs.get(2);
        if (cond.dtype() != DType.BOOL) {
            throw new IrException(op + ": the condition must be bool, got " + cond);
        }
        Infer.sameDtype(op, x, y);
        Shape shape = Infer.broadcast(op, Infer.broadcast(op, cond.shape(), x.shape()), y.shape());
        return Infer.one(x.withShape(shape));
    }
}
