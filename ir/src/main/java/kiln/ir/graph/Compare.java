package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * An elementwise comparison of two tensors of the same dtype with numpy broadcasting, giving {@code bool}.
 * Floats compare as IEEE 754 says: any comparison with NaN is false except {@code not_equal}, which is true
 * (so {@code equal(NaN, NaN)} is false), and +0 equals −0. Integers compare exactly, never through a
 * double. Bools compare only for (in)equality.
 */
public record Compare(CompareFn fn) implements Op {
    public Compare {
        if (fn == null) {
            throw new IrException("compare: missing function");
        }
    }

    @Override
    public String name() {
        return fn.text();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Shape shape = Infer.elementwise(name(), inputs, fn::accepts);
        return Infer.one(new TensorType(DType.BOOL, shape));
    }
}
