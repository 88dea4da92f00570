package kiln.passes.graph;

import java.util.Arrays;
import kiln.ir.graph.TensorType;
import kiln.runtime.Tensor;

/**
 * A per-channel affine map {@code x ↦ scale[c]·x + shift[c]} along one axis of a tensor, in double
 * precision: what batch norm in inference form, a per-channel multiply or add, and a layer scale are.
 */
record ChannelAffine(double[] scale, double[] shift) {

    static ChannelAffine identity(int channels) {
        double[] one = new double[channels];
        Arrays.fill(one, 1);
        return new ChannelAffine(one, new double[channels]);
    }

    int channels() {
        return scale.length;
    }

    /** True when every scale and shift is a finite number, so folding them cannot make NaN or infinity. */
    boolean finite() {
        for (int c = 0; c < scale.length; c++) {
            if (!Double.isFinite(scale[c]) || !Double.isFinite(shift[c])) {
                return false;
            }
        }
        return true;
    }

    boolean unitScale() {
        for (double s : scale) {
            if (s != 1) {
                return false;
            }
        }
        return true;
    }

    boolean zeroShift() {
        for (double s : shift) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The values of {@code t} per channel of {@code target} along {@code axis}, when {@code t} broadcasts to
     * {@code target} (numpy rules) varying only along that axis, if at all; null otherwise. A scalar or a
     * one-element tensor gives the same value for every channel.
     */
    static double[] perChannel(Tensor t, TensorType target, int axis) {
        int rank = target.rank();
        int channels = target.dim(axis);
        if (t.rank() > rank || channels < 1 || t.dtype().isComplex()) {
            return null;
        }
        boolean varies = false;
        for (int j = 0; j < t.rank(); j++) {
            int i = j + rank - t.rank();
            int d = t.dim(j);
            if (i == axis && d == channels && d != 1) {
                varies = true;
            } else if (d != 1) {
                return null;
            }
        }
        double[] out = new double[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = t.getDouble(varies ? c : 0);
        }
        return out;
    }

    /** Batch norm in inference form: scale γ/√(σ² + ε), shift β − μ·scale. */
    static ChannelAffine batchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor var, double epsilon) {
        int c = (int) gamma.size();
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int i = 0; i < c; i++) {
            scale[i] = gamma.getDouble(i) / Math.sqrt(var.getDouble(i) + epsilon);
            shift[i] = beta.getDouble(i) - mean.getDouble(i) * scale[i];
        }
        return new ChannelAffine(scale, shift);
    }
}
