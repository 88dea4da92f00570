package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;

/**
 * {@code interpolate}, PyTorch's {@code F.interpolate}: resizes the spatial axes (all after the first two) to
 * {@code size} or by {@code scale_factor}, computing what PyTorch computes. {@code "nearest"} reads
 * {@code ⌊o/scale⌋} (ONNX's asymmetric coordinates rounded down), {@code "nearest-exact"} the nearest pixel centre;
 * {@code "linear"}, {@code "bilinear"}, {@code "trilinear"} and {@code "bicubic"} (Keys, A = −0.75) map pixel centres,
 * or corners with {@code align_corners=true}. With a scale factor the output is {@code ⌊in·scale⌋} and coordinates
 * divide by the factor itself, unless {@code recompute_scale_factor=true}.
 */
final class ResizeBuiltins {
    private ResizeBuiltins() {
    }

    private static final List<String> MODES = List.of("nearest", "nearest-exact", "linear", "bilinear", "trilinear",
            "bicubic");

    static void register(Builtins b) {
        b.add("interpolate", "x, size=none, scale_factor=none, mode=\"nearest\", align_corners=none, "
                + "recompute_scale_factor=none", ResizeBuiltins::interpolate);
    }

    private static Val interpolate(Args a) {
        Sym x = a.tensor("x");
        Shape in = x.type().shape();
        int spatial = in.rank() - 2;
        String mode = a.choice("mode", MODES);
        int wanted = switch (mode) {
            case "linear" -> 1;
            case "bilinear", "bicubic" -> 2;
            case "trilinear" -> 3;
            default -> spatial;
        };
        if (spatial < 1 || spatial > 3 || spatial != wanted) {
            throw a.fail("x", Code.BAD_VALUE, "interpolate in mode \"" + mode + "\" needs a tensor of rank "
                    + (wanted + 2 < 3 ? "3 to 5" : wanted + 2) + " (batch, channels, spatial axes), got " + x.type());
        }
        boolean nearest = mode.startsWith("nearest");
        if (nearest && !a.isNone("align_corners")) {
            throw a.fail("align_corners", Code.BAD_VALUE, "align_corners applies to the linear and cubic modes only");
        }
        if (a.isNone("size") == a.isNone("scale_factor")) {
            throw a.fail("size", Code.BAD_VALUE, "interpolate needs exactly one of size and scale_factor");
        }
        int[] sizes = in.dims();
        List<Double> scales = new ArrayList<>(List.of(1.0, 1.0));
        if (!a.isNone("size")) {
            List<Integer> size = a.ints("size", spatial);
            for (int i = 0; i < spatial; i++) {
                if (size.get(i) < 0) {
                    throw a.fail("size", Code.BAD_VALUE, "sizes must not be negative, got " + size);
                }
                sizes[2 + i] = size.get(i);
            }
            scales = Resize.scalesFor(in, Shape.of(sizes));
        } else {
            List<Double> factors = factors(a, spatial);
            boolean recompute = !a.isNone("recompute_scale_factor") && a.bool("recompute_scale_factor");
            for (int i = 0; i < spatial; i++) {
                int axis = 2 + i;
                if (in.isBatch(axis)) {
                    throw a.fail("x", Code.BAD_VALUE, "cannot resize the batch dimension N");
                }
                sizes[axis] = (int) Math.floor(in.dim(axis) * factors.get(i));
                scales.add(factors.get(i));
            }
            if (recompute) {
                scales = Resize.scalesFor(in, Shape.of(sizes));
            }
        }
        boolean corners = !nearest && !a.isNone("align_corners") && a.bool("align_corners");
        ResizeMode m = nearest ? ResizeMode.NEAREST : mode.equals("bicubic") ? ResizeMode.CUBIC : ResizeMode.LINEAR;
        ResizeCoordinates c = mode.equals("nearest") ? ResizeCoordinates.ASYMMETRIC
                : corners ? ResizeCoordinates.ALIGN_CORNERS : ResizeCoordinates.HALF_PIXEL;
        NearestRounding r = mode.equals("nearest") ? NearestRounding.FLOOR : NearestRounding.ROUND_PREFER_CEIL;
        Resize op = new Resize(m, c, r, Resize.DEFAULT_CUBIC_A, false, Shape.of(sizes), scales, List.of(), 0);
        return Args.tensor(a.op(op, x));
    }

    /** A positive scale factor for each spatial axis: one number for all, or a list. */
    private static List<Double> factors(Args a, int spatial) {
        List<Val> items = a.get("scale_factor") instanceof Val.ListVal l ? l.items()
                : java.util.Collections.nCopies(spatial, a.get("scale_factor"));
        if (items.size() != spatial) {
            throw a.fail("scale_factor", Code.BAD_VALUE, "scale_factor needs 1 or " + spatial + " numbers, got "
                    + items.size());
        }
        List<Double> out = new ArrayList<>();
        for (Val v : items) {
            if (!Arithmetic.isNumber(v) || !(Arithmetic.number(v) > 0) || Double.isInfinite(Arithmetic.number(v))) {
                throw a.fail("scale_factor", Code.BAD_VALUE, "scale_factor must hold positive numbers, got "
                        + Val.describe(v));
            }
            out.add(Arithmetic.number(v));
        }
        return out;
    }
}
