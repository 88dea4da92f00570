package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.floatAttr;
import static kiln.frontend.onnx.OnnxWriter.intAttr;
import static kiln.frontend.onnx.OnnxWriter.stringAttr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kiln.ir.graph.Compare;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Writes comparisons, where, gather-elements and resize as ONNX. A c64 value is an f32 tensor with a trailing
 * axis of 2 there, so the condition of a where and the indices of a gather-elements get that axis too.
 */
final class ExportSelection {
    private ExportSelection() {
    }

    /** The comparison ONNX has; not-equal as {@code Not(Equal)}. */
    static String compare(OnnxWriter w, Compare c, List<String> in) {
        return switch (c.fn()) {
            case EQUAL -> w.node("Equal", in);
            case NOT_EQUAL -> w.node("Not", w.node("Equal", in));
            case LESS -> w.node("Less", in);
            case LESS_EQUAL -> w.node("LessOrEqual", in);
            case GREATER -> w.node("Greater", in);
            case GREATER_EQUAL -> w.node("GreaterOrEqual", in);
        };
    }

    static String where(OnnxWriter w, List<String> in, TensorType cond, TensorType x) {
        if (x.dtype() != DType.C64) {
            return w.node("Where", in);
        }
        String c = w.node("Unsqueeze", List.of(in.get(0), w.longs(cond.rank())));
        return w.node("Where", List.of(c, in.get(1), in.get(2)));
    }

    static String gatherElements(OnnxWriter w, GatherElements g, List<String> in, TensorType data,
            TensorType indices) {
        int axis = data.shape().axis(g.axis(), g.name());
        if (data.dtype() != DType.C64) {
            return w.node("GatherElements", in, intAttr("axis", axis));
        }
        // Each index picks both halves of its element: the indices repeated along a trailing axis of 2.
        String u = w.node("Unsqueeze", List.of(in.get(1), w.longs(indices.rank())));
        String pairs = w.node("Concat", List.of(u, u), intAttr("axis", indices.rank()));
        return w.node("GatherElements", List.of(in.get(0), pairs), intAttr("axis", axis));
    }

    /**
     * Resize (opset 13). By sizes where the scales are the ones the sizes imply; by scales where they are not
     * (the model gave scales whose product with the length has a fraction), or where the sizes hold N and ONNX
     * Runtime's {@code ⌊in·scale⌋} (in f32) gives the sizes back; otherwise sizes with N come from the input's
     * shape when the model runs.
     */
    static String resize(OnnxWriter w, Resize r, String x, TensorType type) {
        if (r.coordinates() == ResizeCoordinates.HALF_PIXEL_SYMMETRIC) {
            throw new ExportException("resize with half_pixel_symmetric coordinates: ONNX has them from opset 19, "
                    + "the export writes opset " + OnnxExporter.OPSET);
        }
        Shape in = type.shape();
        String roi = r.coordinates() == ResizeCoordinates.TF_CROP_AND_RESIZE ? w.constant(floats(r.roi())) : "";
        boolean implied = r.scales().equals(Resize.scalesFor(in, r.sizes()));
        if (!implied) {
            fractionalLengths(r, type);
        }
        List<String> inputs = implied && (r.sizes().isStatic() || !scalesGiveSizes(r, in))
                ? List.of(x, roi, "", sizes(w, x, r.sizes()))
                : List.of(x, roi, w.constant(floats(r.scales())));
        return w.node("Resize", new ArrayList<>(inputs), stringAttr("mode", r.mode().name().toLowerCase(Locale.ROOT)),
                stringAttr("coordinate_transformation_mode", r.coordinates().name().toLowerCase(Locale.ROOT)),
                stringAttr("nearest_mode", r.nearest().name().toLowerCase(Locale.ROOT)),
                floatAttr("cubic_coeff_a", r.cubicA()), intAttr("exclude_outside", r.excludeOutside() ? 1 : 0),
                floatAttr("extrapolation_value", r.extrapolation()));
    }

    /**
     * Refuses scales whose resized length {@code in·scale} has a fraction where ONNX Runtime would compute
     * something else: it takes the output sizes as {@code ⌊in·scale⌋} in f32, and align-corners and crop-and-resize
     * from the whole output length, where ONNX's reference (and Kiln) use {@code in·scale} itself.
     */
    private static void fractionalLengths(Resize r, TensorType type) {
        Shape in = type.shape();
        if (!scalesGiveSizes(r, in)) {
            throw new ExportException("resize of " + type + " to " + r.sizes() + " by scales " + r.scales()
                    + ": ONNX Runtime computes other output sizes from these scales");
        }
        for (int i = 0; i < in.rank(); i++) {
            double length = r.scales().get(i) * in.dim(i);
            boolean fraction = !in.isBatch(i) && length != r.sizes().dim(i);
            boolean differs = switch (r.coordinates()) {
                case ALIGN_CORNERS, TF_CROP_AND_RESIZE -> true;
                case PYTORCH_HALF_PIXEL -> (length > 1) != (r.sizes().dim(i) > 1);
                case HALF_PIXEL, HALF_PIXEL_SYMMETRIC, ASYMMETRIC -> false;
            };
            if (fraction && differs) {
                throw new ExportException("resize with " + r.coordinates().name().toLowerCase(Locale.ROOT)
                        + " coordinates and a resized length of " + length + " on axis " + i + ": ONNX Runtime maps "
                        + "coordinates by the output length " + r.sizes().dim(i) + " instead");
            }
        }
    }

    /** Whether ONNX Runtime's output sizes for the scales, {@code ⌊in·scale⌋} in f32, are the resize's sizes. */
    private static boolean scalesGiveSizes(Resize r, Shape in) {
        for (int i = 0; i < in.rank(); i++) {
            float s = (float) (double) r.scales().get(i);
            if (in.isBatch(i) ? s != 1 : (long) (s * (float) in.dim(i)) != r.sizes().dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** The sizes as a constant, or, with N in them, assembled from the input's shape when the model runs. */
    private static String sizes(OnnxWriter w, String x, Shape sizes) {
        if (sizes.isStatic()) {
            return w.longs(java.util.Arrays.stream(sizes.dims()).mapToLong(d -> d).toArray());
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sizes.rank(); i++) {
            parts.add(sizes.isBatch(i) ? w.node("Shape", List.of(x), intAttr("start", i), intAttr("end", i + 1))
                    : w.longs(sizes.dim(i)));
        }
        return w.node("Concat", parts, intAttr("axis", 0));
    }

    private static Tensor floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (double) values.get(i);
        }
        return Tensor.ofFloats(new int[] {f.length}, f);
    }
}
