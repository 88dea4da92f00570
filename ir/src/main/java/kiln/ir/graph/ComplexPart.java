package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/** The real or imaginary part of a c64 tensor, as f32. */
public record ComplexPart(boolean imaginary) implements Op {
    @Override
    public String name() {
        return imaginary ? "imag" : "real";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.dtype() != DType.C64) {
            throw new IrException(name() + ": expects a c64 tensor, got " + x);
        }
        return Infer.one(x.withDtype(DType.F32));
    }
}
