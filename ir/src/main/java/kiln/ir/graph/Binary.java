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
        Shape shape = Infer.elementwise(name(), inputs, fn::accepts);
        return Infer.one(inputs.get(0).withShape(shape));
    }
}
