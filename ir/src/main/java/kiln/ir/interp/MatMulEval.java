package kiln.ir.interp;

import java.util.Arrays;
import kiln.ir.graph.Gemm;
import kiln.runtime.Tensor;

/** Matrix products: numpy {@code matmul}, ONNX {@code Gemm}, and the fully connected layer. */
final class MatMulEval {
    private MatMulEval() {
    }

    /**
     * Numpy matmul: a rank-1 left operand is a row, a rank-1 right operand a column, and the leading
     * axes broadcast. {@code out} is the inferred result shape (with the promoted axes already dropped).
     */
    static Tensor matmul(Tensor a, Tensor b, int[] out) {
        int[] sa = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] sb = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = sa[sa.length - 2];
        int k = sa[sa.length - 1];
        int n = sb[sb.length - 1];
        int[] batchA = Arrays.copyOf(sa, sa.length - 2);
        int[] batchB = Arrays.copyOf(sb, sb.length - 2);
        int[] batch = Index.broadcastShape(batchA, batchB);
        // Offsets, in matrices, of the operands for each broadcast batch position.
        int[] mapA = Index.broadcastMap(batchA, batch);
        int[] mapB = Index.broadcastMap(batchB, batch);
        int count = mapA.length;
        if (a.dtype().isInteger()) {
            long[] x = Buffers.longs(a);
            long[] y = Buffers.longs(b);
            long[] r = new long[Math.multiplyExact(count, Math.multiplyExact(m, n))];
            for (int p = 0; p < count; p++) {
                multiply(x, mapA[p] * m * k, y, mapB[p] * k * n, r, p * m * n, m, k, n);
            }
            return Buffers.ofLongs(a.dtype(), out, r);
        }
        double[] x = Buffers.doubles(a);
        double[] y = Buffers.doubles(b);
        double[] r = new double[Math.multiplyExact(count, Math.multiplyExact(m, n))];
        for (int p = 0; p < count; p++) {
            multiply(x, mapA[p] * m * k, y, mapB[p] * k * n, r, p * m * n, m, k, n);
        }
        return Buffers.ofDoubles(a.dtype(), out, r);
    }

    /** {@code alpha·op(A)·op(B) + beta·C}, literally: a NaN in C shows even when beta is 0 (as ONNX). */
    static Tensor gemm(Gemm op, Tensor a, Tensor b, Tensor c) {
        int m = op.transA() ? a.dim(1) : a.dim(0);
        int k = op.transA() ? a.dim(0) : a.dim(1);
        int n = op.transB() ? b.dim(0) : b.dim(1);
        int[] out = {m, n};
        int[] mapC = c == null ? null : Index.broadcastMap(c.shape(), out);
        double alpha = op.alpha();
        double beta = op.beta();
        if (a.dtype().isInteger()) {
            long[] x = Buffers.longs(a);
            long[] y = Buffers.longs(b);
            if (op.transA()) {
                x = transpose(x, k, m);
            }
            if (op.transB()) {
                y = transpose(y, n, k);
            }
            long[] ab = new long[m * n];
            multiply(x, 0, y, 0, ab, 0, m, k, n);
            long[] cv = c == null ? null : Buffers.longs(c);
            if (isLong(alpha) && isLong(beta)) {
                // Integral scales keep integer Gemm exact (and wrapping, like the product itself).
                for (int i = 0; i < ab.length; i++) {
                    ab[i] = (long) alpha * ab[i] + (cv == null ? 0 : (long) beta * cv[mapC[i]]);
                }
                return Buffers.ofLongs(a.dtype(), out, ab);
            }
            double[] r = new double[ab.length];
            for (int i = 0; i < ab.length; i++) {
                r[i] = alpha * ab[i] + (cv == null ? 0 : beta * cv[mapC[i]]);
            }
            return Buffers.ofDoubles(a.dtype(), out, r);
        }
        double[] x = Buffers.doubles(a);
        double[] y = Buffers.doubles(b);
        if (op.transA()) {
            x = transpose(x, k, m);
        }
        if (op.transB()) {
            y = transpose(y, n, k);
        }
        double[] r = new double[m * n];
        multiply(x, 0, y, 0, r, 0, m, k, n);
        double[] cv = c == null ? null : Buffers.doubles(c);
        for (int i = 0; i < r.length; i++) {
            r[i] = alpha * r[i] + (cv == null ? 0 : beta * cv[mapC[i]]);
        }
        return Buffers.ofDoubles(a.dtype(), out, r);
    }

    /** {@code x[..., in] · w[out, in]ᵀ + bias[out]}. */
    static Tensor linear(Tensor x, Tensor w, Tensor bias, int[] out) {
        int in = w.dim(1);
        int outFeatures = w.dim(0);
        double[] xv = Buffers.doubles(x);
        double[] wv = Buffers.doubles(w);
        double[] bv = bias == null ? null : Buffers.doubles(bias);
        int rows = Index.product(x.shape(), 0, x.rank() - 1);
        double[] r = new double[Math.multiplyExact(rows, outFeatures)];
        for (int row = 0; row < rows; row++) {
            int xo = row * in;
            for (int o = 0; o < outFeatures; o++) {
                int wo = o * in;
                double acc = 0;
                for (int i = 0; i < in; i++) {
                    acc += xv[xo + i] * wv[wo + i];
                }
                r[row * outFeatures + o] = bv == null ? acc : acc + bv[o];
            }
        }
        return Buffers.ofDoubles(x.dtype(), out, r);
    }

    /** r[ro + m×n] = x[xo + m×k] · y[yo + k×n], accumulating each row of r in double. */
    private static void multiply(double[] x, int xo, double[] y, int yo, double[] r, int ro, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int row = ro + i * n;
            for (int p = 0; p < k; p++) {
                double a = x[xo + i * k + p];
                int col = yo + p * n;
                for (int j = 0; j < n; j++) {
                    r[row + j] += a * y[col + j];
                }
            }
        }
    }

    private static void multiply(long[] x, int xo, long[] y, int yo, long[] r, int ro, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int row = ro + i * n;
            for (int p = 0; p < k; p++) {
                long a = x[xo + i * k + p];
                int col = yo + p * n;
                for (int j = 0; j < n; j++) {
                    r[row + j] += a * y[col + j];
                }
            }
        }
    }

    /** The transpose of a rows×cols matrix. */
    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    private static long[] transpose(long[] x, int rows, int cols) {
        long[] t = new long[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    private static boolean isLong(double v) {
        return v == Math.rint(v) && Math.abs(v) < 0x1p63;
    }
}
