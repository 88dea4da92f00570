package kiln.ir.interp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.Rfft;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * The real Fourier transform pair over the trailing axes, as numpy's {@code rfftn}/{@code irfftn}.
 *
 * <p>{@code rfft}: cut or zero-pad each transformed axis to its length, transform the last axis and keep
 * its {@code n/2 + 1} non-negative bins, then transform the other axes with full complex FFTs.
 * {@code irfft}: cut or zero-pad and inverse-transform the leading transformed axes first, then turn the
 * last axis, cut or zero-padded to {@code n/2 + 1} bins, into {@code n} real samples as the Hermitian
 * spectrum it stands for (ignoring the imaginary parts of bin 0 and, for even n, bin n/2). Both scale
 * by the product N of the lengths according to the norm: backward is 1 forward and 1/N inverse, ortho
 * 1/√N both ways, forward 1/N forward and 1 inverse. Everything runs in double; the result rounds once.
 */
final class FftEval {
    private FftEval() {
    }

    static Tensor rfft(Rfft op, Tensor x, int[] outShape) {
        List<Integer> lengths = op.lengths();
        int[] dims = x.shape();
        int first = dims.length - lengths.size();
        Signal s = new Signal(dims, Buffers.doubles(x), new double[Index.size(dims)]);
        Map<Integer, ComplexFft> plans = new HashMap<>();
        int last = dims.length - 1;
        int n = lengths.getLast();
        s = s.resize(last, n);
        s.transform(last, plans, false);
        s = s.resize(last, n / 2 + 1);
        for (int a = first; a < last; a++) {
            s = s.resize(a, lengths.get(a - first));
            s.transform(a, plans, false);
        }
        double scale = scale(op.norm(), lengths, false);
        double[] c = new double[2 * s.re.length];
        for (int i = 0; i < s.re.length; i++) {
            c[2 * i] = s.re[i] * scale;
            c[2 * i + 1] = s.im[i] * scale;
        }
        return Buffers.ofComplex(outShape, c);
    }

    static Tensor irfft(Irfft op, Tensor x, int[] outShape) {
        List<Integer> lengths = op.lengths();
        int[] dims = x.shape();
        int first = dims.length - lengths.size();
        double[] c = Buffers.complex(x);
        double[] re = new double[c.length / 2];
        double[] im = new double[c.length / 2];
        for (int i = 0; i < re.length; i++) {
            re[i] = c[2 * i];
            im[i] = c[2 * i + 1];
        }
        Signal s = new Signal(dims, re, im);
        Map<Integer, ComplexFft> plans = new HashMap<>();
        int last = dims.length - 1;
        for (int a = first; a < last; a++) {
            s = s.resize(a, lengths.get(a - first));
            s.transform(a, plans, true);
        }
        int n = lengths.getLast();
        s = s.resize(last, n / 2 + 1);
        double[] out = s.hermitianToReal(n, plans.computeIfAbsent(n, ComplexFft::of));
        double scale = scale(op.norm(), lengths, true);
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return Buffers.ofDoubles(DType.F32, outShape, out);
    }

    private static double scale(FftNorm norm, List<Integer> lengths, boolean inverse) {
        double total = 1;
        for (int len : lengths) {
            total *= len;
        }
        return switch (norm) {
            case BACKWARD -> inverse ? 1 / total : 1;
            case ORTHO -> 1 / Math.sqrt(total);
            case FORWARD -> inverse ? 1 : 1 / total;
        };
    }

    /** A complex tensor in split form: its dims and the real and imaginary parts in C order. */
    private record Signal(int[] dims, double[] re, double[] im) {

        /** This signal with axis {@code a} cut or zero-padded at its end to {@code len}. */
        Signal resize(int a, int len) {
            if (dims[a] == len) {
                return this;
            }
            int outer = Index.product(dims, 0, a);
            int inner = Index.product(dims, a + 1, dims.length);
            int keep = Math.min(len, dims[a]) * inner;
            int[] newDims = dims.clone();
            newDims[a] = len;
            double[] r = new double[Index.size(newDims)];
            double[] i = new double[r.length];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(re, o * dims[a] * inner, r, o * len * inner, keep);
                System.arraycopy(im, o * dims[a] * inner, i, o * len * inner, keep);
            }
            return new Signal(newDims, r, i);
        }

        /** Transforms every line along axis {@code a} in place, unscaled. */
        void transform(int a, Map<Integer, ComplexFft> plans, boolean inverse) {
            int len = dims[a];
            int outer = Index.product(dims, 0, a);
            int inner = Index.product(dims, a + 1, dims.length);
            ComplexFft fft = plans.computeIfAbsent(len, ComplexFft::of);
            double[] lr = new double[len];
            double[] li = new double[len];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * len * inner + in;
                    for (int t = 0; t < len; t++) {
                        lr[t] = re[base + t * inner];
                        li[t] = im[base + t * inner];
                    }
                    fft.transform(lr, li, inverse);
                    for (int t = 0; t < len; t++) {
                        re[base + t * inner] = lr[t];
                        im[base + t * inner] = li[t];
                    }
                }
            }
        }

        /**
         * The unscaled inverse of each last-axis line of {@code n/2 + 1} bins read as the half-spectrum
         * of a real signal of length n; the result has this signal's dims with the last set to n.
         */
        double[] hermitianToReal(int n, ComplexFft fft) {
            int bins = dims[dims.length - 1];
            int lines = re.length / bins;
            double[] out = new double[Math.multiplyExact(lines, n)];
            double[] lr = new double[n];
            double[] li = new double[n];
            for (int line = 0; line < lines; line++) {
                int base = line * bins;
                lr[0] = re[base];
                li[0] = 0;
                for (int k = 1; k < n; k++) {
                    // Bin k > n/2 is the conjugate of bin n - k; bin n/2 of an even n is its own mirror.
                    int src = k <= n / 2 ? k : n - k;
                    lr[k] = re[base + src];
                    li[k] = k < n - k ? im[base + src] : k == n - k ? 0 : -im[base + src];
                }
                fft.transform(lr, li, true);
                System.arraycopy(lr, 0, out, line * n, n);
            }
            return out;
        }
    }
}
