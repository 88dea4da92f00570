package kiln.ir.graph;

import java.util.List;

/**
 * General matrix multiply {@code alpha * op(A) * op(B) + beta * C} (ONNX Gemm), where {@code op}
 * transposes when asked; {@code C} is optional and broadcasts to {@code [M, N]}.
 */
public record Gemm(double alpha, double beta, boolean transA, boolean transB) implements Op {
    @Override
    public String name() {
        return "gemm";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 3);
        TensorType a = inputs.get(0);
        TensorType b = inputs.get(1);
        Infer.requireNumeric(op, a);
        Infer.sameDtype(op, a, b);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IrException(op + ": expects matrices, got " + a + " and " + b);
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) {
            throw new IrException(op + ": inner dimensions differ: " + a + (transA ? "ᵀ" : "") + " and " + b
                    + (transB ? "ᵀ" : ""));
        }
        Shape out = Shape.of(m, n);
        if (inputs.size() == 3) {
            TensorType c = inputs.get(2);
            Infer.sameDtype(op, a, c);
            if (!Infer.broadcast(op, out, c.shape()).equals(out)) {
                throw new IrException(op + ": C " + c + " does not broadcast to " + out);
            }
        }
        return Infer.one(new TensorType(a.dtype(), out));
    }
}
