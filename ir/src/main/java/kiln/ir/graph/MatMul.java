package kiln.ir.graph;

import java.util.List;

/**
 * Matrix product with numpy semantics: the last two axes multiply, leading axes broadcast, and a rank-1
 * operand is promoted to a matrix and its axis dropped from the result.
 */
public record MatMul() implements Op {
    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 2);
        TensorType a = inputs.get(0);
        TensorType b = inputs.get(1);
        Infer.requireNumeric(op, a);
        Infer.sameDtype(op, a, b);
        Infer.rankAtLeast(op, a, 1);
        Infer.rankAtLeast(op, b, 1);
        Shape sa = a.rank() == 1 ? Shape.of(1, a.dim(0)) : a.shape();
        Shape sb = b.rank() == 1 ? Shape.of(b.dim(0), 1) : b.shape();
        int k = sa.dim(sa.rank() - 1);
        if (k != sb.dim(sb.rank() - 2)) {
            throw new IrException(op + ": inner dimensions differ: " + a + " and " + b);
        }
        Shape batchA = Shape.of(java.util.Arrays.copyOf(sa.dims(), sa.rank() - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(sb.dims(), sb.rank() - 2));
        int[] batch = Infer.broadcast(op, batchA, batchB).dims();
        int m = sa.dim(sa.rank() - 2);
        int n = sb.dim(sb.rank() - 1);
        int[] dims;
        if (a.rank() == 1 && b.rank() == 1) {
            dims = batch;
        } else if (a.rank() == 1) {
            dims = append(batch, n);
        } else if (b.rank() == 1) {
            dims = append(batch, m);
        } else {
            dims = append(append(batch, m), n);
        }
        return Infer.one(new TensorType(a.dtype(), Shape.of(dims)));
    }

    private static int[] append(int[] dims, int d) {
        int[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = d;
        return out;
    }
}
