package kiln.ir.graph;

import java.util.List;

/** An elementwise function of one tensor; the result has the input's type. */
public record Unary(UnaryFn fn) implements Op {
    public Unary {
        if (fn == null) {
            throw new IrException("unary: missing function");
        }
    }

    @Override
    public String name() {
        return fn.text();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (!fn.accepts(x.dtype())) {
            throw new IrException(name() + ": does not accept " + x);
        }
        return Infer.one(x);
    }
}
