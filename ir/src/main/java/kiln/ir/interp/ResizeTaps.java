package kiln.ir.interp;

import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;

/**
 * What {@link Resize} reads along one axis: for each output position, its taps (input positions, already
 * clamped to the edges) with their weights, and whether its source lies outside the input (crop-and-resize
 * only). This is where the op's coordinate maps and interpolation weights are defined; the reference
 * interpreter sums over these taps, and compute definitions turn them into constant tables, so both read
 * exactly the same numbers.
 *
 * @param taps    the taps per output position: 1 when every position reads one element with weight 1
 *                (nearest mode, or an axis the resize leaves alone), else 2 (linear) or 4 (cubic)
 * @param index   {@code index[o·taps + t]}, the input position of tap t of output position o
 * @param weight  {@code weight[o·taps + t]}, its weight (1 for a single tap)
 * @param outside {@code outside[o]}: the source of o is outside the input, so it gets the extrapolation value
 */
public record ResizeTaps(int taps, int[] index, double[] weight, boolean[] outside) {

    /** Whether any output position takes the extrapolation value. */
    public boolean anyOutside() {
        for (boolean b : outside) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** Whether every output position o reads input position o alone: the axis is copied as it is. */
    public boolean isIdentity() {
        if (taps != 1 || anyOutside()) {
            return false;
        }
        for (int o = 0; o < index.length; o++) {
            if (index[o] != o) {
                return false;
            }
        }
        return true;
    }

    /** The taps of axis {@code axis}, of input length {@code in} and output length {@code out}, of {@code op}. */
    public static ResizeTaps of(Resize op, int axis, int in, int out) {
        int n = switch (op.mode()) {
            case NEAREST -> 1;
            case LINEAR -> 2;
            case CUBIC -> 4;
        };
        int[] index = new int[out * n];
        double[] weight = new double[out * n];
        boolean[] outside = new boolean[out];
        double[] w = new double[n];
        for (int o = 0; o < out; o++) {
            double x = source(op, axis, in, out, o);
            if (op.coordinates() == ResizeCoordinates.TF_CROP_AND_RESIZE && (x < 0 || x > in - 1)) {
                outside[o] = true;
                continue;
            }
            if (op.mode() == ResizeMode.NEAREST) {
                index[o] = clamp(nearest(op.nearest(), x), in);
                weight[o] = 1;
                continue;
            }
            // The taps start at i0 = ⌊x⌋, or x − 1 when x is an integer, so that r is in (0, 1].
            double floor = Math.floor(x);
            double i0 = x == floor ? x - 1 : floor;
            double r = x - i0;
            int first = (int) i0 - (n == 4 ? 1 : 0);
            if (n == 2) {
                w[0] = 1 - r;
                w[1] = r;
            } else {
                cubic(op.cubicA(), r, w);
            }
            if (op.excludeOutside()) {
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    int p = first + t;
                    if (p < 0 || p >= in) {
                        w[t] = 0;
                    }
                    sum += w[t];
                }
                for (int t = 0; t < n; t++) {
                    w[t] /= sum;
                }
            }
            for (int t = 0; t < n; t++) {
                index[o * n + t] = clamp(first + t, in);
                weight[o * n + t] = w[t];
            }
        }
        return n == 1 ? new ResizeTaps(1, index, weight, outside) : compress(n, index, weight, outside);
    }

    /**
     * The source coordinate of output position {@code o}, as ONNX's reference computes it: in double, with the
     * resized length {@code L = scale·in} as a real number.
     */
    static double source(Resize op, int axis, int in, int out, int o) {
        double s = op.scales().get(axis);
        double length = s * in;
        return switch (op.coordinates()) {
            case HALF_PIXEL -> (o + 0.5) / s - 0.5;
            case HALF_PIXEL_SYMMETRIC -> {
                double adjustment = out / length;
                double offset = in / 2.0 * (1 - adjustment);
                yield offset + (o + 0.5) / s - 0.5;
            }
            case PYTORCH_HALF_PIXEL -> length > 1 ? (o + 0.5) / s - 0.5 : 0;
            case ALIGN_CORNERS -> length == 1 ? 0 : o * (in - 1.0) / (length - 1);
            case ASYMMETRIC -> o / s;
            case TF_CROP_AND_RESIZE -> {
                int rank = op.sizes().rank();
                double start = op.roi().get(axis);
                double end = op.roi().get(rank + axis);
                double x = length == 1 ? (end - start) * (in - 1.0) / 2 : o * (end - start) * (in - 1.0) / (length - 1);
                yield x + start * (in - 1.0);
            }
        };
    }

    private static long nearest(NearestRounding rounding, double x) {
        double floor = Math.floor(x);
        if (x == floor) {
            return (long) x;
        }
        double r = x - floor;
        boolean up = switch (rounding) {
            case ROUND_PREFER_FLOOR -> r > 0.5;
            case ROUND_PREFER_CEIL -> r >= 0.5;
            case FLOOR -> false;
            case CEIL -> true;
        };
        return (long) floor + (up ? 1 : 0);
    }

    /** Keys' cubic convolution weights for taps at distances 1 + r, r, 1 − r and 2 − r, as ONNX writes them. */
    private static void cubic(double a, double r, double[] w) {
        double s = 1 - r;
        w[0] = ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a;
        w[1] = ((a + 2) * r - (a + 3)) * r * r + 1;
        w[2] = ((a + 2) * s - (a + 3)) * s * s + 1;
        w[3] = ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a;
    }

    private static int clamp(long p, int in) {
        return (int) Math.clamp(p, 0, in - 1);
    }

    /** One tap per position where every position has exactly one tap of weight 1 and the others 0. */
    private static ResizeTaps compress(int n, int[] index, double[] weight, boolean[] outside) {
        int out = outside.length;
        int[] single = new int[out];
        for (int o = 0; o < out; o++) {
            if (outside[o]) {
                continue;
            }
            int found = -1;
            for (int t = 0; t < n; t++) {
                double w = weight[o * n + t];
                if (w == 1 && found < 0) {
                    found = t;
                } else if (w != 0) {
                    return new ResizeTaps(n, index, weight, outside);
                }
            }
            if (found < 0) {
                return new ResizeTaps(n, index, weight, outside);
            }
            single[o] = index[o * n + found];
        }
        double[] ones = new double[out];
        java.util.Arrays.fill(ones, 1);
        return new ResizeTaps(1, single, ones, outside);
    }
}
