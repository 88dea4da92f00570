package kiln.ir.interp;

import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Comparisons, which make bools, and {@code where}, which selects by them. Floats compare in double, which
 * orders every f32 as f32 does; integers and bools compare as longs, exactly.
 */
final class CompareEval {
    private CompareEval() {
    }

    static Tensor compare(Compare op, Tensor a, Tensor b, int[] out) {
        int n = Index.size(out);
        int[] ia = Index.broadcastMap(a.shape(), out);
        int[] ib = Index.broadcastMap(b.shape(), out);
        long[] r = new long[n];
        if (a.dtype().isFloat()) {
            double[] x = Buffers.doubles(a);
            double[] y = Buffers.doubles(b);
            for (int i = 0; i < n; i++) {
                r[i] = test(op.fn(), x[ia[i]], y[ib[i]]) ? 1 : 0;
            }
        } else {
            long[] x = Buffers.longs(a);
            long[] y = Buffers.longs(b);
            for (int i = 0; i < n; i++) {
                r[i] = test(op.fn(), x[ia[i]], y[ib[i]]) ? 1 : 0;
            }
        }
        return Buffers.ofLongs(DType.BOOL, out, r);
    }

    /** IEEE 754 comparison: false with a NaN operand, except not-equal; +0 == −0. */
    static boolean test(CompareFn fn, double x, double y) {
        return switch (fn) {
            case EQUAL -> x == y;
            case NOT_EQUAL -> x != y;
            case LESS -> x < y;
            case LESS_EQUAL -> x <= y;
            case GREATER -> x > y;
            case GREATER_EQUAL -> x >= y;
        };
    }

    static boolean test(CompareFn fn, long x, long y) {
        return switch (fn) {
            case EQUAL -> x == y;
            case NOT_EQUAL -> x != y;
            case LESS -> x < y;
            case LESS_EQUAL -> x <= y;
            case GREATER -> x > y;
            case GREATER_EQUAL -> x >= y;
        };
    }

    /** Copies element bits, so every dtype (c64 included) and every NaN payload passes through unchanged. */
    static Tensor where(Tensor cond, Tensor x, Tensor y, int[] out) {
        int n = Index.size(out);
        int[] ic = Index.broadcastMap(cond.shape(), out);
        int[] ix = Index.broadcastMap(x.shape(), out);
        int[] iy = Index.broadcastMap(y.shape(), out);
        long[] c = Buffers.longs(cond);
        long[] a = Buffers.bits(x);
        long[] b = Buffers.bits(y);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = c[ic[i]] != 0 ? a[ix[i]] : b[iy[i]];
        }
        return Buffers.ofBits(x.dtype(), out, r);
    }
}
