package kiln.ir.interp;

import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Conv;
import kiln.runtime.Tensor;

/**
 * N-d grouped convolution (cross-correlation), accumulated in double.
 *
 * <p>{@code out[n, o, p] = bias[o] + Σ_{c in group(o)} Σ_k w[o, c, k] · x[n, g·C/groups + c, p·stride + k·dilation
 * - padBegin]}, where positions outside the input are the zero padding. Padding contributes nothing at
 * all (not {@code 0·w}), so an infinite weight does not turn a border into NaN.
 *
 * <p>The loops run over the last spatial axis innermost, with the range of output positions whose tap
 * falls inside the input computed up front, so no bounds test sits in the inner loop.
 */
final class ConvEval {
    private ConvEval() {
    }

    static Tensor conv(Conv op, Tensor x, Tensor w, Tensor bias, int[] outShape) {
        int s = op.spatialRank();
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = outShape;
        int[] stride = toArray(op.strides());
        int[] pad = toArray(op.padsBegin());
        int[] dil = toArray(op.dilations());
        if (s == 0) {
            // A 0-d convolution is a 1-d one over a single position.
            s = 1;
            xs = append(xs);
            ws = append(ws);
            os = append(os);
            stride = new int[] {1};
            pad = new int[] {0};
            dil = new int[] {1};
        }
        int batch = xs[0];
        int channels = xs[1];
        int outChannels = ws[0];
        int groupChannels = ws[1];
        int outPerGroup = outChannels / op.groups();
        int[] in = Arrays.copyOfRange(xs, 2, xs.length);
        int[] k = Arrays.copyOfRange(ws, 2, ws.length);
        int[] out = Arrays.copyOfRange(os, 2, os.length);
        int inPlane = Index.size(in);
        int kPlane = Index.size(k);
        int outPlane = Index.size(out);
        int[] inStride = Index.strides(in);
        int[] kStride = Index.strides(k);
        int[] outStride = Index.strides(out);
        int last = s - 1;
        int inLast = in[last];
        int kLast = k[last];
        int outLast = out[last];
        int stLast = stride[last];
        int dilLast = dil[last];
        int padLast = pad[last];

        // The leading spatial axes (all but the last), enumerated once.
        int[] kOuterShape = Arrays.copyOf(k, last);
        int[] outOuterShape = Arrays.copyOf(out, last);
        int kOuterCount = Index.size(kOuterShape);
        int outOuterCount = Index.size(outOuterShape);

        double[] xv = Buffers.doubles(x);
        double[] wv = Buffers.doubles(w);
        double[] r = new double[Math.multiplyExact(batch, Math.multiplyExact(outChannels, outPlane))];
        int[] kIdx = new int[last];
        int[] oIdx = new int[last];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                int g = o / outPerGroup;
                int outBase = (n * outChannels + o) * outPlane;
                for (int ci = 0; ci < groupChannels; ci++) {
                    int xBase = (n * channels + g * groupChannels + ci) * inPlane;
                    int wBase = (o * groupChannels + ci) * kPlane;
                    for (int kq = 0; kq < kOuterCount; kq++) {
                        Index.unravel(kq, kOuterShape, kIdx);
                        int wOff = wBase;
                        for (int d = 0; d < last; d++) {
                            wOff += kIdx[d] * kStride[d];
                        }
                        for (int oq = 0; oq < outOuterCount; oq++) {
                            Index.unravel(oq, outOuterShape, oIdx);
                            int inOff = xBase;
                            int outOff = outBase;
                            boolean inside = true;
                            for (int d = 0; d < last && inside; d++) {
                                int i = oIdx[d] * stride[d] + kIdx[d] * dil[d] - pad[d];
                                inside = i >= 0 && i < in[d];
                                inOff += i * inStride[d];
                                outOff += oIdx[d] * outStride[d];
                            }
                            if (!inside) {
                                continue;
                            }
                            for (int kx = 0; kx < kLast; kx++) {
                                double weight = wv[wOff + kx];
                                int shift = kx * dilLast - padLast;
                                int lo = shift >= 0 ? 0 : Math.ceilDiv(-shift, stLast);
                                int hi = inLast - 1 - shift < 0 ? -1
                                        : Math.min(outLast - 1, (inLast - 1 - shift) / stLast);
                                int src = inOff + shift;
                                for (int ox = lo; ox <= hi; ox++) {
                                    r[outOff + ox] += weight * xv[src + ox * stLast];
                                }
                            }
                        }
                    }
                }
                if (bias != null) {
                    double b = bias.getDouble(o);
                    for (int p = 0; p < outPlane; p++) {
                        r[outBase + p] += b;
                    }
                }
            }
        }
        return Buffers.ofDoubles(x.dtype(), outShape, r);
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] append(int[] shape) {
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = 1;
        return out;
    }
}
