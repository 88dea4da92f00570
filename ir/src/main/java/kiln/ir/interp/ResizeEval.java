package kiln.ir.interp;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Resize;
import kiln.runtime.Tensor;

/**
 * Resize over the taps {@link ResizeTaps} defines per axis. When every axis has one tap per position (nearest
 * mode, or linear and cubic on axes that line up) elements are copied bit for bit; otherwise each output
 * element is {@code Σ (w₀·w₁·…)·x} in double over the taps, the axes nested outermost first, rounded once.
 */
final class ResizeEval {
    private ResizeEval() {
    }

    static Tensor resize(Resize op, Tensor x, int[] outShape) {
        int[] in = x.shape();
        int rank = in.length;
        int[] strides = Index.strides(in);
        ResizeTaps[] axes = new ResizeTaps[rank];
        List<Integer> multi = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            axes[d] = ResizeTaps.of(op, d, in[d], outShape[d]);
            if (axes[d].taps() > 1) {
                multi.add(d);
            }
        }
        int n = Index.size(outShape);
        int[] idx = new int[rank];
        if (multi.isEmpty()) {
            long[] bits = Buffers.bits(x);
            long fill = Buffers.bitsOf(x.dtype(), op.extrapolation());
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                Index.unravel(i, outShape, idx);
                out[i] = outside(axes, idx) ? fill : bits[base(axes, idx, strides)];
            }
            return Buffers.ofBits(x.dtype(), outShape, out);
        }
        double[] v = Buffers.doubles(x);
        double[] out = new double[n];
        int[] tap = new int[multi.size()];
        for (int i = 0; i < n; i++) {
            Index.unravel(i, outShape, idx);
            if (outside(axes, idx)) {
                out[i] = op.extrapolation();
                continue;
            }
            int base = base(axes, idx, strides);
            double acc = 0;
            java.util.Arrays.fill(tap, 0);
            while (true) {
                double w = 1;
                int src = base;
                for (int k = 0; k < tap.length; k++) {
                    int d = multi.get(k);
                    int at = idx[d] * axes[d].taps() + tap[k];
                    w *= axes[d].weight()[at];
                    src += axes[d].index()[at] * strides[d];
                }
                acc += w * v[src];
                if (!next(tap, axes, multi)) {
                    break;
                }
            }
            out[i] = acc;
        }
        return Buffers.ofDoubles(x.dtype(), outShape, out);
    }

    private static boolean outside(ResizeTaps[] axes, int[] idx) {
        for (int d = 0; d < axes.length; d++) {
            if (axes[d].outside()[idx[d]]) {
                return true;
            }
        }
        return false;
    }

    /** The flat input offset of the single-tap axes of output position {@code idx}. */
    private static int base(ResizeTaps[] axes, int[] idx, int[] strides) {
        int src = 0;
        for (int d = 0; d < axes.length; d++) {
            if (axes[d].taps() == 1) {
                src += axes[d].index()[idx[d]] * strides[d];
            }
        }
        return src;
    }

    /** Advances the taps of the multi-tap axes like an odometer, the last axis fastest; false after the last. */
    private static boolean next(int[] tap, ResizeTaps[] axes, List<Integer> multi) {
        for (int k = tap.length - 1; k >= 0; k--) {
            if (++tap[k] < axes[multi.get(k)].taps()) {
                return true;
            }
            tap[k] = 0;
        }
        return false;
    }
}
