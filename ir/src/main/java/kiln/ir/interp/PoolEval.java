package kiln.ir.interp;

import java.util.Arrays;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.runtime.Tensor;

/**
 * Windowed and global pooling.
 *
 * <p>A window of {@link Pool} starts at {@code p·stride - padBegin} and has taps every {@code dilation}.
 * Max takes the largest tap inside the input as {@link Math#max} orders them (padding never wins, NaN
 * always does, as in PyTorch; +0 beats -0). Average sums the taps inside the input and divides by the
 * number of taps inside the padded extent {@code [-padBegin, in + padEnd)} with {@code countIncludePad},
 * else by the number inside the input. In ceil mode the last window may reach past the padded extent;
 * taps there count in neither divisor, which is PyTorch's rule for partial windows.
 *
 * <p>Type inference keeps a window from lying wholly in the padding only for a non-empty input without
 * dilation. Otherwise a window with no tap inside the input gives -infinity (max) or, without
 * {@code countIncludePad}, 0/0 = NaN (average).
 */
final class PoolEval {
    private PoolEval() {
    }

    static Tensor pool(Pool op, Tensor x, int[] outShape) {
        int[] xs = x.shape();
        int s = op.spatialRank();
        int[][][] taps = new int[s][][];
        int[][] divisors = new int[s][];
        for (int d = 0; d < s; d++) {
            int in = xs[d + 2];
            int out = outShape[d + 2];
            taps[d] = new int[out][];
            divisors[d] = new int[out];
            for (int o = 0; o < out; o++) {
                int start = o * op.strides().get(d) - op.padsBegin().get(d);
                int k = op.kernel().get(d);
                int[] inside = new int[k];
                int real = 0;
                int padded = 0;
                for (int t = 0; t < k; t++) {
                    int pos = start + t * op.dilations().get(d);
                    if (pos >= 0 && pos < in) {
                        inside[real++] = pos;
                    }
                    if (pos < in + op.padsEnd().get(d)) {
                        padded++;
                    }
                }
                taps[d][o] = Arrays.copyOf(inside, real);
                divisors[d][o] = op.countIncludePad() ? padded : real;
            }
        }
        int planes = xs[0] * xs[1];
        int inPlane = Index.product(xs, 2, xs.length);
        int[] inStrides = Index.strides(Arrays.copyOfRange(xs, 2, xs.length));
        int[] outSpatial = Arrays.copyOfRange(outShape, 2, outShape.length);
        int outPlane = Index.size(outSpatial);
        double[] v = Buffers.doubles(x);
        double[] r = new double[Math.multiplyExact(planes, outPlane)];
        boolean max = op.kind() == PoolKind.MAX;
        int[] o = new int[s];
        int[] t = new int[s];
        for (int q = 0; q < outPlane; q++) {
            Index.unravel(q, outSpatial, o);
            long divisor = 1;
            int windowSize = 1;
            for (int d = 0; d < s; d++) {
                divisor *= divisors[d][o[d]];
                windowSize *= taps[d][o[d]].length;
            }
            for (int plane = 0; plane < planes; plane++) {
                int base = plane * inPlane;
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int w = 0; w < windowSize; w++) {
                    int off = base;
                    int rest = w;
                    for (int d = s - 1; d >= 0; d--) {
                        int[] axisTaps = taps[d][o[d]];
                        t[d] = rest % axisTaps.length;
                        rest /= axisTaps.length;
                        off += axisTaps[t[d]] * inStrides[d];
                    }
                    double val = v[off];
                    acc = max ? Math.max(acc, val) : acc + val;
                }
                r[plane * outPlane + q] = max ? acc : acc / divisor;
            }
        }
        return Buffers.ofDoubles(x.dtype(), outShape, r);
    }

    /** Average or max of each (image, channel) plane. */
    static Tensor globalPool(PoolKind kind, Tensor x, int[] outShape) {
        int[] xs = x.shape();
        int planes = xs[0] * xs[1];
        int plane = Index.product(xs, 2, xs.length);
        double[] v = Buffers.doubles(x);
        double[] r = new double[planes];
        for (int p = 0; p < planes; p++) {
            double acc = switch (kind) {
                case AVG -> 0;
                case MAX -> Double.NEGATIVE_INFINITY;
            };
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                acc = switch (kind) {
                    case AVG -> acc + v[i];
                    case MAX -> Math.max(acc, v[i]);
                };
            }
            r[p] = kind == PoolKind.AVG ? acc / plane : acc;
        }
        return Buffers.ofDoubles(x.dtype(), outShape, r);
    }
}
