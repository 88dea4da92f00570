package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/** A c64 tensor from f32 real and imaginary parts, broadcast together. */
public record MakeComplex() implements Op {
    @Override
    public String name() {
        return "complex";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 2, 2);
        TensorType re = inputs.get(0);
        TensorType im = inputs.get(1);
        if (re.dtype() != DType.F32 || im.dtype() != DType.F32) {
            throw new IrException(name() + ": expects f32 parts, got " + re + " and " + im);
        }
        return Infer.one(new TensorType(DType.C64, Infer.broadcast(name(), re.shape(), im.shape())));
    }
}
