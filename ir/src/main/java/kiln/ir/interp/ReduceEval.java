package kiln.ir.interp;

import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Softmax;
import kiln.runtime.Tensor;

/**
 * Reductions and softmax. Floats reduce in double; max and min order values as {@link Math#max} does
 * (NaN propagates, -0 is below +0). Integers reduce in exact long arithmetic: the sum wraps like the
 * dtype, the mean is the sum divided by the count truncated toward zero.
 */
final class ReduceEval {
    private ReduceEval() {
    }

    static Tensor reduce(Reduce op, Tensor x, int[] outShape) {
        int[] shape = x.shape();
        List<Integer> axes = op.axesFor(shape.length);
        int[] groupShape = shape.clone();
        long count = 1;
        for (int a : axes) {
            groupShape[a] = 1;
            count *= shape[a];
        }
        int[] group = Index.broadcastMap(groupShape, shape);
        int groups = Index.size(groupShape);
        if (x.dtype().isInteger()) {
            long[] v = Buffers.longs(x);
            long[] r = new long[groups];
            long start = switch (op.kind()) {
                case SUM, MEAN -> 0;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
            };
            Arrays.fill(r, start);
            for (int i = 0; i < v.length; i++) {
                int g = group[i];
                r[g] = switch (op.kind()) {
                    case SUM, MEAN -> r[g] + v[i];
                    case MAX -> Math.max(r[g], v[i]);
                    case MIN -> Math.min(r[g], v[i]);
                };
            }
            if (op.kind() == ReduceKind.MEAN) {
                for (int g = 0; g < groups; g++) {
                    r[g] /= count;
                }
            }
            return Buffers.ofLongs(x.dtype(), outShape, r);
        }
        double[] v = Buffers.doubles(x);
        double[] r = new double[groups];
        double start = switch (op.kind()) {
            case SUM, MEAN -> 0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        Arrays.fill(r, start);
        for (int i = 0; i < v.length; i++) {
            int g = group[i];
            r[g] = switch (op.kind()) {
                case SUM, MEAN -> r[g] + v[i];
                case MAX -> Math.max(r[g], v[i]);
                case MIN -> Math.min(r[g], v[i]);
            };
        }
        if (op.kind() == ReduceKind.MEAN) {
            for (int g = 0; g < groups; g++) {
                r[g] /= count;
            }
        }
        return Buffers.ofDoubles(x.dtype(), outShape, r);
    }

    /**
     * {@code exp(x - max) / Σ exp(x - max)} along the axis. The subtraction keeps exp from overflowing;
     * a slice that is all -infinity (or holds +infinity or NaN) gives NaN, as in PyTorch.
     */
    static Tensor softmax(Softmax op, Tensor x) {
        int[] shape = x.shape();
        int a = op.axis() < 0 ? op.axis() + shape.length : op.axis();
        int outer = Index.product(shape, 0, a);
        int len = shape[a];
        int inner = Index.product(shape, a + 1, shape.length);
        double[] v = Buffers.doubles(x);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, v[base + i * inner]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    double e = Math.exp(v[base + i * inner] - max);
                    v[base + i * inner] = e;
                    sum += e;
                }
                for (int i = 0; i < len; i++) {
                    v[base + i * inner] /= sum;
                }
            }
        }
        return Buffers.ofDoubles(x.dtype(), shape, v);
    }
}
