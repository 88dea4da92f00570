package kiln.ir.interp;

import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.LayerNorm;
import kiln.runtime.Tensor;

/**
 * The normalisations. Statistics are two-pass in double: the mean first, then the biased variance as the
 * mean of squared deviations from it. Every op then computes
 * {@code (x - mean) / sqrt(var + epsilon) · scale + bias}, in that order.
 */
final class NormEval {
    private NormEval() {
    }

    /** Inference-form batch norm with per-channel statistics given as inputs. */
    static Tensor batchNorm(BatchNorm op, Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var) {
        int[] shape = x.shape();
        double[] v = Buffers.doubles(x);
        double[] s = Buffers.doubles(scale);
        double[] b = Buffers.doubles(bias);
        double[] m = Buffers.doubles(mean);
        double[] q = Buffers.doubles(var);
        int channels = shape[1];
        int plane = Index.product(shape, 2, shape.length);
        for (int i = 0; i < v.length; i++) {
            int c = (i / plane) % channels;
            v[i] = (v[i] - m[c]) / Math.sqrt(q[c] + op.epsilon()) * s[c] + b[c];
        }
        return Buffers.ofDoubles(x.dtype(), shape, v);
    }

    /** Normalises over any set of axes; scale and bias broadcast against x. */
    static Tensor layerNorm(LayerNorm op, Tensor x, Tensor scale, Tensor bias) {
        int[] shape = x.shape();
        List<Integer> axes = op.axesFor(shape.length);
        int[] groupShape = shape.clone();
        int count = 1;
        for (int a : axes) {
            groupShape[a] = 1;
            count *= shape[a];
        }
        int[] group = Index.broadcastMap(groupShape, shape);
        int groups = Index.size(groupShape);
        double[] v = Buffers.doubles(x);
        double[] mean = new double[groups];
        double[] var = new double[groups];
        for (int i = 0; i < v.length; i++) {
            mean[group[i]] += v[i];
        }
        for (int g = 0; g < groups; g++) {
            mean[g] /= count;
        }
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - mean[group[i]];
            var[group[i]] += d * d;
        }
        for (int g = 0; g < groups; g++) {
            var[g] = Math.sqrt(var[g] / count + op.epsilon());
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] - mean[group[i]]) / var[group[i]];
        }
        if (scale != null) {
            double[] s = Buffers.doubles(scale);
            int[] map = Index.broadcastMap(scale.shape(), shape);
            for (int i = 0; i < v.length; i++) {
                v[i] *= s[map[i]];
            }
        }
        if (bias != null) {
            double[] b = Buffers.doubles(bias);
            int[] map = Index.broadcastMap(bias.shape(), shape);
            for (int i = 0; i < v.length; i++) {
                v[i] += b[map[i]];
            }
        }
        return Buffers.ofDoubles(x.dtype(), shape, v);
    }

    /** Each (image, channel) plane normalised on its own. */
    static Tensor instanceNorm(InstanceNorm op, Tensor x, Tensor scale, Tensor bias) {
        return blockNorm(x, x.dim(1), op.epsilon(), scale, bias);
    }

    /** Each (image, group of channels) block normalised on its own. */
    static Tensor groupNorm(GroupNorm op, Tensor x, Tensor scale, Tensor bias) {
        return blockNorm(x, op.groups(), op.epsilon(), scale, bias);
    }

    /**
     * Splits each image of {@code x[N, C, ...]} into {@code blocks} consecutive runs of channels and
     * normalises each run over its channels and positions, then applies the per-channel affine.
     */
    private static Tensor blockNorm(Tensor x, int blocks, double epsilon, Tensor scale, Tensor bias) {
        int[] shape = x.shape();
        if (x.size() == 0) {
            return x.copy();
        }
        double[] v = Buffers.doubles(x);
        int channels = shape[1];
        int plane = Index.product(shape, 2, shape.length);
        int blockSize = channels / blocks * plane;
        int count = shape[0] * blocks;
        for (int blk = 0; blk < count; blk++) {
            int from = blk * blockSize;
            double sum = 0;
            for (int i = from; i < from + blockSize; i++) {
                sum += v[i];
            }
            double mean = sum / blockSize;
            double sq = 0;
            for (int i = from; i < from + blockSize; i++) {
                double d = v[i] - mean;
                sq += d * d;
            }
            double std = Math.sqrt(sq / blockSize + epsilon);
            for (int i = from; i < from + blockSize; i++) {
                v[i] = (v[i] - mean) / std;
            }
        }
        if (scale != null) {
            double[] s = Buffers.doubles(scale);
            double[] b = Buffers.doubles(bias);
            for (int i = 0; i < v.length; i++) {
                int c = (i / plane) % channels;
                v[i] = v[i] * s[c] + b[c];
            }
        }
        return Buffers.ofDoubles(x.dtype(), shape, v);
    }
}
