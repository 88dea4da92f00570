package kiln.ir.graph;

import java.util.List;

/**
 * An elementwise function of two tensors of the same dtype with numpy broadcasting. Integer division
 * truncates toward zero.
 */
public record Binary(BinaryFn fn) implements Op {
    public Binary {
        if (fn == null) {
            throw new IrException("binary: missing function");
        }
    }

    @Override
    public String name() {
        return fn.text();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 2);
        TensorType a = inputs.get(0);
        TensorType b = inputs.get(1);
        Infer.sameDtype(op, a, b);
        if (!fn.accepts(a.dtype())) {
            throw new IrException(op + ": does not accept " + a.dtype());
        }
        return Infer.one(a.withShape(Infer.broadcast(op, a.shape(), b.shape())));
    }
}
