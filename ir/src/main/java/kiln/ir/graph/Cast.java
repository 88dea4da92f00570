package kiln.ir.graph;

import java.util.List;
import kiln.runtime.DType;

/**
 * Converts elements to another dtype: floats round to nearest, float to integer truncates toward zero
 * (NaN becomes 0; out-of-range values saturate for i64 and i32 and wrap for i8), anything to bool is
 * {@code != 0}. A real tensor casts to
 * c64 with a zero imaginary part; c64 casts only to c64 (use {@code real}/{@code imag}).
 */
public record Cast(DType to) implements Op {
    @Override
    public String name() {
        return "cast";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.dtype().isComplex() && !to.isComplex()) {
            throw new IrException(name() + ": cannot cast " + x + " to " + to + "; take real or imag instead");
        }
        return Infer.one(x.withDtype(to));
    }
}
