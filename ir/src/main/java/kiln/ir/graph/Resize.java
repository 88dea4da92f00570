package kiln.ir.graph;

import java.util.ArrayList;
import java.util.List;
import kiln.runtime.DType;

/**
 * Resizes every axis of a tensor to {@code sizes} by interpolation, as ONNX's Resize (opset 13 and later,
 * without antialiasing) does with static sizes. Each axis is resized on its own, so the op is separable:
 * an output element is {@code Σ w₀[o₀,t₀]·w₁[o₁,t₁]·… · x[i₀[o₀,t₀], i₁[o₁,t₁], …]} over the taps of every axis.
 *
 * <p>On one axis, output coordinate {@code o} maps to a source coordinate {@code x} by {@code coordinates}
 * (see {@link ResizeCoordinates}), using that axis's {@code scales} entry {@code s}: the factor the
 * coordinate map divides by, which is {@code sizes/in} unless the model gave a scale whose product with
 * {@code in} is not a whole number. Then, with {@code i₀ = x − 1} when {@code x} is an integer and
 * {@code ⌊x⌋} otherwise, and {@code r = x − i₀} in (0, 1]:
 * <ul>
 *   <li>{@code nearest}: the one tap {@code x} when it is an integer, else {@code ⌊x⌋} or {@code ⌊x⌋ + 1} as
 *       {@code nearest} rounds (see {@link NearestRounding}); the element is copied, for any real dtype.</li>
 *   <li>{@code linear}: taps {@code i₀, i₀ + 1} with weights {@code 1 − r, r}.</li>
 *   <li>{@code cubic}: taps {@code i₀ − 1 … i₀ + 2} with Keys' weights for parameter {@code cubic_a} at
 *       distances {@code 1 + r, r, 1 − r, 2 − r}.</li>
 * </ul>
 * A tap outside the input reads the nearest edge element; with {@code exclude_outside} such taps get weight 0
 * instead and the others are divided by their sum. Linear and cubic need floats; the sum is formed in double
 * and rounded once. Taps of weight 0 are still multiplied (an infinite neighbour makes NaN, as in ONNX's
 * reference), except on an axis where every output element has a single tap of weight 1, which is copied.
 * With {@code tf_crop_and_resize}, {@code roi} holds the region's starts then ends, one per axis, and an
 * output element whose source lies outside the input on any axis is {@code extrapolation}; with any other
 * mapping {@code roi} is empty.
 *
 * <p>An axis of the symbolic batch size N keeps its length ({@code sizes} says N there, its scale is 1).
 */
public record Resize(ResizeMode mode, ResizeCoordinates coordinates, NearestRounding nearest, double cubicA,
        boolean excludeOutside, Shape sizes, List<Double> scales, List<Double> roi, double extrapolation)
        implements Op {

    /** ONNX's default {@code cubic_coeff_a}, as TensorFlow uses; PyTorch uses −0.75 too. */
    public static final double DEFAULT_CUBIC_A = -0.75;

    public Resize {
        if (mode == null || coordinates == null || nearest == null || sizes == null || scales == null || roi == null) {
            throw new IrException("resize: missing attribute");
        }
        scales = List.copyOf(scales);
        roi = List.copyOf(roi);
        if (scales.size() != sizes.rank()) {
            throw new IrException("resize: scales " + scales + " must have one entry per axis of sizes " + sizes);
        }
        for (double s : scales) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IrException("resize: scales must be positive and finite, got " + scales);
            }
        }
        boolean crop = coordinates == ResizeCoordinates.TF_CROP_AND_RESIZE;
        if (crop ? roi.size() != 2 * sizes.rank() : !roi.isEmpty()) {
            throw new IrException("resize: roi must have " + (crop ? 2 * sizes.rank() + " entries (starts, then ends)"
                    : "no entries without tf_crop_and_resize") + ", got " + roi);
        }
        for (double r : roi) {
            if (!Double.isFinite(r)) {
                throw new IrException("resize: roi must be finite, got " + roi);
            }
        }
        if (!Double.isFinite(cubicA)) {
            throw new IrException("resize: cubic_a must be finite, got " + cubicA);
        }
    }

    /** A resize to {@code sizes} with the scales they imply for an input of shape {@code in}. */
    public static Resize to(ResizeMode mode, ResizeCoordinates coordinates, Shape in, Shape sizes) {
        return new Resize(mode, coordinates, NearestRounding.ROUND_PREFER_FLOOR, DEFAULT_CUBIC_A, false, sizes,
                scalesFor(in, sizes), coordinates == ResizeCoordinates.TF_CROP_AND_RESIZE ? wholeRoi(sizes.rank())
                        : List.of(), 0.0);
    }

    /**
     * The scale of each axis when only the sizes are given: {@code sizes[i]/in[i]} as a double (1 for the
     * batch axis and where either length is 0, which leaves nothing to map).
     */
    public static List<Double> scalesFor(Shape in, Shape sizes) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < sizes.rank(); i++) {
            boolean same = i >= in.rank() || in.dim(i) == Shape.BATCH || sizes.dim(i) == Shape.BATCH || in.dim(i) == 0
                    || sizes.dim(i) == 0;
            out.add(same ? 1.0 : (double) sizes.dim(i) / in.dim(i));
        }
        return out;
    }

    /** The region of interest that covers every axis completely: starts 0, ends 1. */
    public static List<Double> wholeRoi(int rank) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < 2 * rank; i++) {
            out.add(i < rank ? 0.0 : 1.0);
        }
        return out;
    }

    /** This resize with the batch size N in {@code sizes} fixed to {@code batch}. */
    public Resize bindBatch(int batch) {
        return new Resize(mode, coordinates, nearest, cubicA, excludeOutside, sizes.bindBatch(batch), scales, roi,
                extrapolation);
    }

    @Override
    public String name() {
        return "resize";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.rank() != sizes.rank()) {
            throw new IrException(op + ": sizes " + sizes + " do not have the rank of " + x);
        }
        if (x.dtype() == DType.C64 || (mode != ResizeMode.NEAREST && !x.dtype().isFloat())) {
            throw new IrException(op + ": " + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode does not accept "
                    + x.dtype());
        }
        for (int i = 0; i < x.rank(); i++) {
            int in = x.dim(i);
            int out = sizes.dim(i);
            if (in == Shape.BATCH || out == Shape.BATCH) {
                boolean crop = coordinates == ResizeCoordinates.TF_CROP_AND_RESIZE;
                if (in != out || scales.get(i) != 1.0
                        || (crop && (roi.get(i) != 0.0 || roi.get(x.rank() + i) != 1.0))) {
                    throw new IrException(op + ": cannot resize the batch axis " + i + " of " + x + " to " + sizes);
                }
            } else if (in == 0 && out != 0) {
                throw new IrException(op + ": cannot resize the empty axis " + i + " of " + x + " to " + out);
            }
        }
        return Infer.one(x.withShape(sizes));
    }
}
