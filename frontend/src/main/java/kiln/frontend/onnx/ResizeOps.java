package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.runtime.Tensor;

/**
 * Resize and the older Upsample, with their scales, sizes and region of interest known at compile time, so that
 * each becomes one {@link Resize} of a static output shape. As ONNX's reference implementation and ONNX Runtime
 * do, sizes given as scales are {@code ⌊in·scale⌋} (computed in double from the f32 scale), and the coordinate
 * map divides by the given scale; sizes given directly imply the scales {@code size/in}.
 */
final class ResizeOps {
    private ResizeOps() {
    }

    /** The ONNX attribute spellings of the coordinate mappings (ONNX's names, lower case). */
    private static final List<String> COORDINATES = Arrays.stream(ResizeCoordinates.values())
            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();

    static List<Term> resize(NodeContext n) {
        Term x = n.in(0);
        if (n.opset() < 11) {
            float[] scales = floats(n.known(1, "scales"), "scales");
            return List.of(legacy(n, x, n.attrs().getString("mode", "nearest"), scales));
        }
        int rank = x.rank();
        ResizeMode mode = mode(n.attrs().getString("mode", "nearest"));
        String c = n.attrs().getString("coordinate_transformation_mode", "half_pixel");
        if (c.equals("tf_half_pixel_for_nn")) {
            throw NodeError.unsupported("coordinate_transformation_mode='tf_half_pixel_for_nn' (opset 11 only) is not "
                    + "supported");
        }
        int ci = COORDINATES.indexOf(c);
        if (ci < 0 || (c.equals("half_pixel_symmetric") && n.opset() < 19)) {
            throw NodeError.unsupported("coordinate_transformation_mode='" + c + "' is not supported");
        }
        ResizeCoordinates coordinates = ResizeCoordinates.values()[ci];
        NearestRounding nearest = nearest(n.attrs().getString("nearest_mode", "round_prefer_floor"));
        double cubicA = n.attrs().getFloat("cubic_coeff_a", -0.75f);
        boolean exclude = n.attrs().getInt("exclude_outside", 0) != 0;
        double extrapolation = n.attrs().getFloat("extrapolation_value", 0);
        if (n.opset() >= 18 && n.attrs().getInt("antialias", 0) != 0) {
            throw NodeError.unsupported("antialias=1 is not supported");
        }
        String policy = n.opset() >= 18 ? n.attrs().getString("keep_aspect_ratio_policy", "stretch") : "stretch";
        int[] axes = axes(n, rank);

        // The region of interest matters only to crop-and-resize; elsewhere it may be anything, even unknown.
        boolean crop = coordinates == ResizeCoordinates.TF_CROP_AND_RESIZE;
        Tensor roiGiven = !crop || n.opt(1) == null ? null : n.known(1, "roi");
        Tensor scalesGiven = n.opt(2) == null ? null : n.known(2, "scales");
        Tensor sizesGiven = n.opt(3) == null ? null : n.known(3, "sizes");
        boolean hasScales = scalesGiven != null && scalesGiven.size() > 0;
        boolean hasSizes = sizesGiven != null && sizesGiven.size() > 0;
        if (hasScales == hasSizes) {
            throw NodeError.invalid("needs exactly one of scales and sizes, got " + (hasScales ? "both" : "neither"));
        }
        int[] in = x.shape().dims();
        int[] out = in.clone();
        double[] scale = new double[rank];
        Arrays.fill(scale, 1);
        if (hasScales) {
            float[] s = floats(scalesGiven, "scales");
            check(s.length == axes.length, "scales " + Arrays.toString(s) + " need " + axes.length + " entries");
            for (int k = 0; k < axes.length; k++) {
                int a = axes[k];
                check(s[k] > 0 && Float.isFinite(s[k]), "scales must be positive, got " + Arrays.toString(s));
                scale[a] = s[k];
                out[a] = batchOrSize(x.shape(), a, Math.floor(in[a] * (double) s[k]), s[k] == 1);
            }
        } else {
            long[] sz = sizesGiven.toLongArray();
            check(sz.length == axes.length, "sizes " + Arrays.toString(sz) + " need " + axes.length + " entries");
            sizes(x.shape(), axes, sz, policy, out, scale);
        }
        List<Double> roi = crop ? roi(roiGiven, axes, rank) : List.of();
        List<Double> scales = new ArrayList<>();
        for (double s : scale) {
            scales.add(s);
        }
        Resize op = new Resize(mode, coordinates, nearest, cubicA, exclude, Shape.of(out), scales, roi, extrapolation);
        return List.of(apply(n, op, x));
    }

    /** Upsample (opsets 7 to 9): scales as an attribute, then as an input; asymmetric coordinates. */
    static List<Term> upsample(NodeContext n) {
        float[] scales = n.opset() >= 9 ? floats(n.known(1, "scales"), "scales") : n.attrs().getFloats("scales");
        if (scales == null) {
            throw NodeError.invalid("the required attribute 'scales' is missing");
        }
        return List.of(legacy(n, n.in(0), n.attrs().getString("mode", "nearest"), scales));
    }

    /**
     * Upsample and Resize before opset 11: asymmetric coordinates, nearest rounding down (ONNX's reference
     * repeats elements), linear interpolation; both only enlarge, as their reference implementations do.
     */
    private static Term legacy(NodeContext n, Term x, String modeName, float[] s) {
        ResizeMode mode = switch (modeName) {
            case "nearest" -> ResizeMode.NEAREST;
            case "linear", "bilinear" -> ResizeMode.LINEAR;
            default -> throw NodeError.unsupported("mode='" + modeName + "' is not supported");
        };
        check(s.length == x.rank(), "scales " + Arrays.toString(s) + " need one entry per axis of " + x.type());
        int[] out = x.shape().dims();
        List<Double> scales = new ArrayList<>();
        for (int a = 0; a < s.length; a++) {
            if (!(s[a] >= 1) || Float.isInfinite(s[a])) {
                throw NodeError.unsupported("scales below 1 are not supported before opset 11, got "
                        + Arrays.toString(s));
            }
            out[a] = batchOrSize(x.shape(), a, Math.floor(out[a] * (double) s[a]), s[a] == 1);
            scales.add((double) s[a]);
        }
        Resize op = new Resize(mode, ResizeCoordinates.ASYMMETRIC, NearestRounding.FLOOR, Resize.DEFAULT_CUBIC_A,
                false, Shape.of(out), scales, List.of(), 0);
        return apply(n, op, x);
    }

    /** Linear and cubic resizing are defined on floats only in Kiln; refuse others as unsupported, not invalid. */
    private static Term apply(NodeContext n, Resize op, Term x) {
        if (op.mode() != ResizeMode.NEAREST && !x.dtype().isFloat()) {
            throw NodeError.unsupportedType(op.mode().name().toLowerCase(Locale.ROOT) + " resizing of " + x.type());
        }
        return n.apply(op, x);
    }

    /**
     * Sizes given directly: the axes' output lengths and the scales they imply. With a keep-aspect-ratio policy
     * (opset 18) the axes share one scale, the smallest (not_larger) or largest (not_smaller) of size/in, and
     * each size becomes {@code round(scale·in)}.
     */
    private static void sizes(Shape shape, int[] axes, long[] sz, String policy, int[] out,
            double[] scale) {
        int[] in = shape.dims();
        boolean stretch = policy.equals("stretch");
        if (!stretch && !policy.equals("not_larger") && !policy.equals("not_smaller")) {
            throw NodeError.unsupported("keep_aspect_ratio_policy='" + policy + "' is not supported");
        }
        double common = policy.equals("not_larger") ? Double.POSITIVE_INFINITY : 0;
        for (int k = 0; k < axes.length; k++) {
            check(sz[k] >= 0, "sizes must not be negative, got " + Arrays.toString(sz));
            if (!shape.isBatch(axes[k]) && in[axes[k]] > 0) {
                double r = (double) sz[k] / in[axes[k]];
                common = policy.equals("not_larger") ? Math.min(common, r) : Math.max(common, r);
            }
        }
        for (int k = 0; k < axes.length; k++) {
            int a = axes[k];
            if (shape.isBatch(a)) {
                throw NodeError.unsupported("resizing along the batch dimension N by sizes; give scales (1 there) or "
                        + "a fixed batch size");
            }
            long size = stretch || in[a] == 0 ? sz[k] : Math.round(common * in[a]);
            out[a] = NodeContext.toInt(size, "size");
            check(in[a] > 0 || out[a] == 0, "cannot resize the empty axis " + a + " of " + shape + " to " + out[a]);
            scale[a] = in[a] == 0 || out[a] == 0 ? 1 : stretch ? (double) out[a] / in[a] : common;
        }
    }

    /** The region of interest for every axis (starts, then ends), from the given one for the resized axes. */
    private static List<Double> roi(Tensor given, int[] axes, int rank) {
        List<Double> out = new ArrayList<>(Resize.wholeRoi(rank));
        if (given == null || given.size() == 0) {
            return out;
        }
        double[] r = given.toDoubleArray();
        check(r.length == 2 * axes.length, "roi " + Arrays.toString(r) + " needs " + 2 * axes.length + " entries");
        for (int k = 0; k < axes.length; k++) {
            out.set(axes[k], r[k]);
            out.set(rank + axes[k], r[axes.length + k]);
        }
        return out;
    }

    /** The axes scales and sizes refer to (opset 18), normalised; all axes in order before. */
    private static int[] axes(NodeContext n, int rank) {
        long[] given = n.opset() >= 18 ? n.attrs().getInts("axes") : null;
        if (given == null) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[given.length];
        for (int i = 0; i < given.length; i++) {
            out[i] = NodeContext.axis(given[i], rank);
            for (int j = 0; j < i; j++) {
                check(out[j] != out[i], "axis " + given[i] + " is repeated");
            }
        }
        return out;
    }

    /** An output length; the batch axis N may only keep its length. */
    private static int batchOrSize(Shape shape, int axis, double size, boolean unchanged) {
        if (shape.isBatch(axis)) {
            if (!unchanged) {
                throw NodeError.unsupported("resizing along the batch dimension N");
            }
            return Shape.BATCH;
        }
        return NodeContext.toInt((long) size, "size");
    }

    private static float[] floats(Tensor t, String what) {
        if (!t.dtype().isFloat()) {
            throw NodeError.invalid("the " + what + " must be floats, got " + t.typeString());
        }
        double[] d = t.toDoubleArray();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    private static ResizeMode mode(String name) {
        return switch (name) {
            case "nearest" -> ResizeMode.NEAREST;
            case "linear" -> ResizeMode.LINEAR;
            case "cubic" -> ResizeMode.CUBIC;
            default -> throw NodeError.unsupported("mode='" + name + "' is not supported");
        };
    }

    private static NearestRounding nearest(String name) {
        return switch (name) {
            case "round_prefer_floor" -> NearestRounding.ROUND_PREFER_FLOOR;
            case "round_prefer_ceil" -> NearestRounding.ROUND_PREFER_CEIL;
            case "floor" -> NearestRounding.FLOOR;
            case "ceil" -> NearestRounding.CEIL;
            default -> throw NodeError.unsupported("nearest_mode='" + name + "' is not supported");
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw NodeError.invalid(message);
        }
    }
}
