package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.floatAttr;
import static kiln.frontend.onnx.OnnxWriter.intAttr;
import static kiln.frontend.onnx.OnnxWriter.intsAttr;
import static kiln.frontend.onnx.OnnxWriter.stringAttr;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Node;
import kiln.ir.graph.Pad;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Value;
import kiln.ir.graph.Where;
import kiln.runtime.DType;

/**
 * Writes one Graph IR node as ONNX (opset {@value OnnxExporter#OPSET}) nodes. Ops ONNX has are written
 * directly; the others are composed (see each case). Axes are always written non-negative, resolved against
 * the IR types, because a c64 value carries an extra trailing axis in ONNX.
 */
final class ExportOps {
    private ExportOps() {
    }

    /** The ONNX names of the node's results. */
    static List<String> write(OnnxWriter w, Node node) {
        List<String> in = node.inputs().stream().map(w::name).toList();
        TensorType x = node.inputs().isEmpty() ? null : node.input(0).type();
        TensorType out = node.output().type();
        return switch (node.op()) {
            case Constant c -> List.of(w.constant(c.value()));
            case Conv c -> List.of(w.node("Conv", in, intsAttr("strides", c.strides()),
                    intsAttr("pads", concat(c.padsBegin(), c.padsEnd())), intsAttr("dilations", c.dilations()),
                    intAttr("group", c.groups())));
            case MatMul m -> List.of(w.node("MatMul", in));
            case Gemm g -> List.of(w.node("Gemm", in, floatAttr("alpha", g.alpha()), floatAttr("beta", g.beta()),
                    intAttr("transA", g.transA() ? 1 : 0), intAttr("transB", g.transB() ? 1 : 0)));
            case Linear l -> List.of(linear(w, in, x));
            case Unary u -> List.of(ExportElementwise.unary(w, u.fn(), in.getFirst(), x));
            case Binary b -> List.of(ExportElementwise.binary(w, b.fn(), in.get(0), in.get(1), x));
            case LeakyRelu l -> List.of(w.node("LeakyRelu", in, floatAttr("alpha", l.alpha())));
            case HardSigmoid h -> List.of(w.node("HardSigmoid", in, floatAttr("alpha", h.alpha()),
                    floatAttr("beta", h.beta())));
            case Clip c -> List.of(clip(w, c, in.getFirst(), x.dtype()));
            case Shrink s -> List.of(w.node("Shrink", in, floatAttr("bias", s.bias()), floatAttr("lambd", s.lambd())));
            case StarRelu s -> List.of(starRelu(w, in));
            case BatchNorm b -> List.of(w.node("BatchNormalization", in, floatAttr("epsilon", b.epsilon())));
            case LayerNorm l -> List.of(ExportNorms.layerNorm(w, l, in, node.inputs()));
            case InstanceNorm i -> List.of(ExportNorms.instanceNorm(w, i.epsilon(), in, x));
            case GroupNorm g -> List.of(ExportNorms.groupNorm(w, g, in, x));
            case Pool p -> List.of(pool(w, p, in));
            case GlobalPool g -> List.of(w.node(g.kind() == PoolKind.AVG ? "GlobalAveragePool" : "GlobalMaxPool", in));
            case Reduce r -> List.of(reduce(w, r, in.getFirst(), x));
            case Softmax s -> List.of(w.node("Softmax", in, intAttr("axis", x.shape().axis(s.axis(), "softmax"))));
            case Reshape r -> List.of(reshape(w, in.getFirst(), out));
            case Flatten f -> List.of(out.dtype() == DType.C64 ? reshape(w, in.getFirst(), out)
                    : w.node("Flatten", in, intAttr("axis", f.axis() < 0 ? f.axis() + x.rank() : f.axis())));
            case Transpose t -> List.of(w.node("Transpose", in, intsAttr("perm", withTrailing(t.perm(), x))));
            case Squeeze s -> List.of(w.node("Squeeze", List.of(in.getFirst(), w.longs(squeezed(s, x)))));
            case Unsqueeze u -> List.of(w.node("Unsqueeze", List.of(in.getFirst(),
                    w.longs(normalised(u.axes(), out.rank())))));
            case Split s -> w.nodeMulti("Split", List.of(in.getFirst(), w.longs(s.sizes())), s.sizes().size(),
                    intAttr("axis", x.shape().axis(s.axis(), "split")));
            case Concat c -> List.of(w.node("Concat", in, intAttr("axis", x.shape().axis(c.axis(), "concat"))));
            case Slice s -> List.of(w.node("Slice", List.of(in.getFirst(), w.longs(s.starts()), w.longs(s.ends()),
                    w.longs(normalised(s.axes(), x.rank())), w.longs(s.steps()))));
            case Pad p -> List.of(pad(w, p, in.getFirst(), x));
            case Gather g -> List.of(w.node("Gather", in, intAttr("axis", x.shape().axis(g.axis(), "gather"))));
            case Cast c -> List.of(ExportElementwise.cast(w, c.to(), in.getFirst(), x));
            case Rfft r -> List.of(ExportComplex.rfft(w, r, in.getFirst(), x));
            case Irfft r -> List.of(ExportComplex.irfft(w, r, in.getFirst(), x));
            case ComplexPart c -> List.of(w.node("Gather",
                    List.of(in.getFirst(), w.scalar(DType.I64, c.imaginary() ? 1 : 0)), intAttr("axis", x.rank())));
            case MakeComplex m -> List.of(ExportComplex.makeComplex(w, in.get(0), in.get(1), node.inputs(), out));
            case Compare c -> List.of(ExportSelection.compare(w, c, in));
            case Where e -> List.of(ExportSelection.where(w, in, x, node.input(1).type()));
            case GatherElements g -> List.of(ExportSelection.gatherElements(w, g, in, x, node.input(1).type()));
            case Resize r -> List.of(ExportSelection.resize(w, r, in.getFirst(), x));
        };
    }

    /** {@code x · wᵀ + b}: Gemm for matrices, else MatMul with the transposed weight. */
    private static String linear(OnnxWriter w, List<String> in, TensorType x) {
        if (x.rank() == 2) {
            return w.node("Gemm", in, intAttr("transB", 1));
        }
        String wt = w.node("Transpose", in.get(1), intsAttr("perm", List.of(1, 0)));
        String y = w.node("MatMul", List.of(in.get(0), wt));
        return in.size() == 3 ? w.node("Add", List.of(y, in.get(2))) : y;
    }

    /** Clip with bounds as inputs of the tensor's dtype; an infinite bound is left out. */
    private static String clip(OnnxWriter w, Clip c, String x, DType dtype) {
        List<String> in = new ArrayList<>(List.of(x));
        boolean lo = Double.isFinite(c.min());
        boolean hi = Double.isFinite(c.max());
        in.add(lo ? w.scalar(dtype, c.min()) : "");
        if (hi) {
            in.add(w.scalar(dtype, c.max()));
        }
        while (in.getLast().isEmpty()) {
            in.removeLast();
        }
        return w.node("Clip", in);
    }

    /** StarReLU: {@code scale · relu(x)² + bias}. */
    private static String starRelu(OnnxWriter w, List<String> in) {
        String r = w.node("Relu", in.get(0));
        String sq = w.node("Mul", List.of(r, r));
        return w.node("Add", List.of(w.node("Mul", List.of(in.get(1), sq)), in.get(2)));
    }

    private static String pool(OnnxWriter w, Pool p, List<String> in) {
        var kernel = intsAttr("kernel_shape", p.kernel());
        var strides = intsAttr("strides", p.strides());
        var pads = intsAttr("pads", concat(p.padsBegin(), p.padsEnd()));
        var ceil = intAttr("ceil_mode", p.ceilMode() ? 1 : 0);
        if (p.kind() == PoolKind.MAX) {
            return w.node("MaxPool", in, kernel, strides, pads, ceil, intsAttr("dilations", p.dilations()));
        }
        if (p.dilations().stream().anyMatch(d -> d != 1)) {
            throw new ExportException("avg_pool with dilations " + p.dilations() + ": ONNX opset "
                    + OnnxExporter.OPSET + " has no dilated average pooling");
        }
        return w.node("AveragePool", in, kernel, strides, pads, ceil,
                intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
    }

    /** ReduceSum takes its axes as an input (opset 13), the others as an attribute; none means all axes. */
    private static String reduce(OnnxWriter w, Reduce r, String x, TensorType type) {
        List<Integer> axes = r.axes().isEmpty() ? List.of() : r.axesFor(type.rank());
        var keep = intAttr("keepdims", r.keepDims() ? 1 : 0);
        return switch (r.kind()) {
            case SUM -> axes.isEmpty() ? w.node("ReduceSum", List.of(x), keep)
                    : w.node("ReduceSum", List.of(x, w.longs(axes)), keep);
            case MEAN, MAX, MIN -> {
                String op = switch (r.kind()) {
                    case MEAN -> "ReduceMean";
                    case MAX -> "ReduceMax";
                    default -> "ReduceMin";
                };
                yield axes.isEmpty() ? w.node(op, List.of(x), keep)
                        : w.node(op, List.of(x), keep, intsAttr("axes", axes));
            }
        };
    }

    /**
     * Reshape to a static shape; the symbolic batch size N is written as −1, which ONNX infers from the
     * element count, so the model keeps accepting any batch size.
     */
    static String reshape(OnnxWriter w, String x, TensorType out) {
        Shape s = out.shape();
        if (s.batchCount() > 1) {
            throw new ExportException("reshape to " + out + ": ONNX can infer only one dimension");
        }
        List<Long> dims = new ArrayList<>();
        boolean zero = false;
        for (int i = 0; i < s.rank(); i++) {
            dims.add(s.isBatch(i) ? -1L : s.dim(i));
            zero |= s.dim(i) == 0;
        }
        if (out.dtype() == DType.C64) {
            dims.add(2L);
        }
        String shape = w.longs(dims.stream().mapToLong(Long::longValue).toArray());
        // allowzero makes a 0 in the target mean an empty axis rather than "copy the input's size".
        return zero ? w.node("Reshape", List.of(x, shape), intAttr("allowzero", 1))
                : w.node("Reshape", List.of(x, shape));
    }

    private static String pad(OnnxWriter w, Pad p, String x, TensorType type) {
        List<Integer> pads = new ArrayList<>(p.padsBegin());
        if (type.dtype() == DType.C64) {
            pads.add(0);
        }
        pads.addAll(p.padsEnd());
        if (type.dtype() == DType.C64) {
            pads.add(0);
        }
        String mode = p.mode().text();
        List<String> in = new ArrayList<>(List.of(x, w.longs(pads)));
        if (mode.equals("constant") && Double.doubleToRawLongBits(p.value()) != 0) {
            if (type.dtype() == DType.C64) {
                throw new ExportException("pad of a c64 tensor with the value " + p.value());
            }
            in.add(w.scalar(type.dtype(), p.value()));
        }
        return w.node("Pad", in, stringAttr("mode", mode));
    }

    private static List<Integer> squeezed(Squeeze s, TensorType x) {
        if (!s.axes().isEmpty()) {
            return normalised(s.axes(), x.rank());
        }
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (x.dim(i) == 1) {
                axes.add(i);
            }
        }
        return axes;
    }

    /** A permutation extended to fix the trailing real/imaginary axis of a c64 value. */
    private static List<Integer> withTrailing(List<Integer> perm, TensorType x) {
        if (x.dtype() != DType.C64) {
            return perm;
        }
        List<Integer> out = new ArrayList<>(perm);
        out.add(perm.size());
        return out;
    }

    static List<Integer> normalised(List<Integer> axes, int rank) {
        return axes.stream().map(a -> a < 0 ? a + rank : a).toList();
    }

    static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static boolean isComplex(Value v) {
        return v.type().dtype() == DType.C64;
    }
}
