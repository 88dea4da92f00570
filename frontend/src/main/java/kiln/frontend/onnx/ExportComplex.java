package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.intAttr;

import java.util.List;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;

/**
 * The FFTs and complex arithmetic for the exporter. A c64 value is an f32 tensor whose last axis holds
 * (real, imaginary); ONNX's DFT works on that form. Real FFTs become a one-sided DFT over the last axis
 * followed by full DFTs over the other transformed axes; the inverse rebuilds the Hermitian spectrum of the
 * last axis (the bins, then the conjugated mirror of the inner ones) and takes the real part of an inverse
 * DFT. ONNX's inverse DFT divides by n, which is the IR's "backward" normalisation; the others are a
 * scalar factor.
 */
final class ExportComplex {
    private ExportComplex() {
    }

    static String rfft(OnnxWriter w, Rfft r, String x, TensorType type) {
        int rank = type.rank();
        List<Integer> lengths = r.lengths();
        int k = lengths.size();
        String t = w.node("Unsqueeze", List.of(x, w.longs(rank)));
        t = dft(w, t, rank - 1, lengths.getLast(), false, true);
        for (int i = k - 2; i >= 0; i--) {
            t = dft(w, t, rank - k + i, lengths.get(i), false, false);
        }
        return scale(w, t, forwardScale(r.norm(), lengths));
    }

    static String irfft(OnnxWriter w, Irfft r, String x, TensorType type) {
        int rank = type.rank();
        List<Integer> lengths = r.lengths();
        int k = lengths.size();
        String t = x;
        for (int i = 0; i < k - 1; i++) {
            t = dft(w, t, rank - k + i, lengths.get(i), true, false);
        }
        int n = lengths.getLast();
        int bins = n / 2 + 1;
        int have = type.dim(rank - 1);
        int last = rank - 1;
        if (have > bins) {
            t = w.node("Slice", List.of(t, w.longs(0), w.longs(bins), w.longs(last)));
        } else if (have < bins) {
            long[] pads = new long[2 * (rank + 1)];
            pads[rank + 1 + last] = bins - have;
            t = w.node("Pad", List.of(t, w.longs(pads)));
        }
        int mirrored = (n + 1) / 2 - 1;
        if (mirrored > 0) {
            String tail = w.node("Slice", List.of(t, w.longs(mirrored), w.longs(0), w.longs(last), w.longs(-1)));
            tail = ExportElementwise.unary(w, kiln.ir.graph.UnaryFn.CONJ, tail, type);
            t = w.node("Concat", List.of(t, tail), intAttr("axis", last));
        }
        t = dft(w, t, last, n, true, false);
        String real = w.node("Gather", List.of(t, w.scalar(DType.I64, 0)), intAttr("axis", rank));
        return scale(w, real, inverseScale(r.norm(), lengths));
    }

    private static String dft(OnnxWriter w, String x, int axis, int length, boolean inverse, boolean onesided) {
        return w.node("DFT", List.of(x, w.scalar(DType.I64, length)), intAttr("axis", axis),
                intAttr("inverse", inverse ? 1 : 0), intAttr("onesided", onesided ? 1 : 0));
    }

    private static double forwardScale(FftNorm norm, List<Integer> lengths) {
        double n = lengths.stream().mapToDouble(Integer::doubleValue).reduce(1, (a, b) -> a * b);
        return switch (norm) {
            case BACKWARD -> 1;
            case ORTHO -> 1 / Math.sqrt(n);
            case FORWARD -> 1 / n;
        };
    }

    /** The factor that turns ONNX's inverse (1/n) into the IR's normalisation. */
    private static double inverseScale(FftNorm norm, List<Integer> lengths) {
        double n = lengths.stream().mapToDouble(Integer::doubleValue).reduce(1, (a, b) -> a * b);
        return switch (norm) {
            case BACKWARD -> 1;
            case ORTHO -> Math.sqrt(n);
            case FORWARD -> n;
        };
    }

    private static String scale(OnnxWriter w, String x, double factor) {
        return factor == 1 ? x : w.node("Mul", List.of(x, w.scalar(DType.F32, factor)));
    }

    /**
     * A c64 value from real and imaginary parts: each becomes a pair with a zero in the other place (a pad
     * of the new trailing axis), and the two pairs are added, which broadcasts them against each other
     * whatever the batch size. Parts of the same shape are simply joined.
     */
    static String makeComplex(OnnxWriter w, String re, String im, List<Value> parts, TensorType out) {
        int reRank = parts.get(0).type().rank();
        int imRank = parts.get(1).type().rank();
        String r = w.node("Unsqueeze", List.of(re, w.longs(reRank)));
        String i = w.node("Unsqueeze", List.of(im, w.longs(imRank)));
        if (parts.get(0).type().shape().equals(parts.get(1).type().shape())) {
            return w.node("Concat", List.of(r, i), intAttr("axis", out.rank()));
        }
        return w.node("Add", List.of(pairWithZero(w, r, reRank, false), pairWithZero(w, i, imRank, true)));
    }

    /** {@code x[..., 1]} padded to {@code [x, 0]} (or {@code [0, x]}) along its last axis. */
    static String pairWithZero(OnnxWriter w, String x, int rank, boolean imaginary) {
        long[] pads = new long[2 * (rank + 1)];
        pads[imaginary ? rank : 2 * rank + 1] = 1;
        return w.node("Pad", List.of(x, w.longs(pads)));
    }

    /** Complex product or quotient of two (broadcast) c64 values. */
    static String mulDiv(OnnxWriter w, boolean divide, String a, String b) {
        String ar = part(w, a, 0);
        String ai = part(w, a, 1);
        String br = part(w, b, 0);
        String bi = part(w, b, 1);
        String re;
        String im;
        if (!divide) {
            re = w.node("Sub", List.of(mul(w, ar, br), mul(w, ai, bi)));
            im = w.node("Add", List.of(mul(w, ar, bi), mul(w, ai, br)));
        } else {
            String den = w.node("Add", List.of(mul(w, br, br), mul(w, bi, bi)));
            re = w.node("Div", List.of(w.node("Add", List.of(mul(w, ar, br), mul(w, ai, bi))), den));
            im = w.node("Div", List.of(w.node("Sub", List.of(mul(w, ai, br), mul(w, ar, bi))), den));
        }
        return w.node("Concat", List.of(re, im), intAttr("axis", -1));
    }

    /** The real (0) or imaginary (1) part, keeping the trailing axis so that broadcasting stays aligned. */
    private static String part(OnnxWriter w, String c, int which) {
        return w.node("Slice", List.of(c, w.longs(which), w.longs(which + 1), w.longs(-1)));
    }

    private static String mul(OnnxWriter w, String a, String b) {
        return w.node("Mul", List.of(a, b));
    }
}
