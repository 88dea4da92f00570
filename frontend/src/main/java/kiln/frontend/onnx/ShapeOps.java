package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unsqueeze;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Operators on shapes and layouts. Those that only compute shapes (Shape, Size, ConstantOfShape, Range)
 * give constants, so the shape subgraphs exporters write fold away; those that need a shape, axes, pads or
 * sizes read them from constants (or weights) and report a value only known at run time.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static List<Term> constant(NodeContext n) {
        List<Tensor> given = new ArrayList<>();
        Tensor t = n.attrs().getTensor("value");
        if (t != null) {
            given.add(t);
        }
        if (n.attrs().has("value_float")) {
            given.add(Tensor.ofFloats(new int[0], (float) n.attrs().getFloat("value_float", 0)));
        }
        float[] floats = n.attrs().getFloats("value_floats");
        if (floats != null) {
            given.add(Tensor.ofFloats(new int[] {floats.length}, floats));
        }
        if (n.attrs().has("value_int")) {
            given.add(Tensor.ofLongs(new int[0], n.attrs().getInt("value_int", 0)));
        }
        long[] ints = n.attrs().getInts("value_ints");
        if (ints != null) {
            given.add(Tensor.ofLongs(new int[] {ints.length}, ints));
        }
        for (String other : List.of("value_string", "value_strings", "sparse_value")) {
            if (n.attrs().has(other)) {
                throw NodeError.unsupportedType("a constant given as " + other);
            }
        }
        if (given.size() != 1) {
            throw NodeError.invalid("a constant needs exactly one value attribute, got " + given.size());
        }
        return List.of(Term.constant(given.getFirst()));
    }

    static List<Term> shape(NodeContext n) {
        Shape s = n.in(0).shape();
        int r = s.rank();
        long start = n.opset() >= 15 ? n.attrs().getInt("start", 0) : 0;
        long end = n.opset() >= 15 ? n.attrs().getInt("end", r) : r;
        int from = Math.clamp(start < 0 ? start + r : start, 0, r);
        int to = Math.clamp(end < 0 ? end + r : end, 0, r);
        long[] dims = new long[Math.max(0, to - from)];
        for (int i = from; i < to; i++) {
            dims[i - from] = staticDim(n, s, i);
        }
        return List.of(NodeContext.longs(dims));
    }

    static List<Term> size(NodeContext n) {
        Shape s = n.in(0).shape();
        long count = 1;
        for (int i = 0; i < s.rank(); i++) {
            count *= staticDim(n, s, i);
        }
        return List.of(Term.constant(Tensor.ofLongs(new int[0], count)));
    }

    private static int staticDim(NodeContext n, Shape s, int axis) {
        if (s.isBatch(axis)) {
            throw NodeError.unsupported("the shape computation reads the symbolic batch size (axis " + axis + " of '"
                    + n.inputNames().getFirst() + "'); Kiln folds shape computations at compile time, so the model "
                    + "must have a fixed batch size");
        }
        return s.dim(axis);
    }

    static List<Term> constantOfShape(NodeContext n) {
        int[] dims = dims(n.knownInts(0, "shape"));
        Tensor value = n.attrs().getTensor("value");
        DType dtype = value == null ? DType.F32 : value.dtype();
        if (value != null && value.size() != 1) {
            throw NodeError.invalid("value must hold one element, got " + value.typeString());
        }
        Tensor out = Tensor.zeros(dtype, dims);
        if (value != null) {
            for (long i = 0; i < out.size(); i++) {
                if (dtype.isComplex()) {
                    out.setComplex(i, value.getReal(0), value.getImag(0));
                } else if (dtype.isInteger()) {
                    out.setLong(i, value.getLong(0));
                } else {
                    out.setDouble(i, value.getDouble(0));
                }
            }
        }
        return List.of(Term.constant(out));
    }

    static List<Term> range(NodeContext n) {
        Tensor start = n.known(0, "start");
        Tensor limit = n.known(1, "limit");
        Tensor delta = n.known(2, "delta");
        DType t = start.dtype();
        if (t.isInteger()) {
            long s = start.getLong(0);
            long d = delta.getLong(0);
            if (d == 0) {
                throw NodeError.invalid("delta is 0");
            }
            long count = Math.max(0, Math.ceilDiv(limit.getLong(0) - s, d));
            Tensor out = Tensor.zeros(t, NodeContext.toInt(count, "range length"));
            for (long i = 0; i < count; i++) {
                out.setLong(i, s + i * d);
            }
            return List.of(Term.constant(out));
        }
        double s = start.getDouble(0);
        double d = delta.getDouble(0);
        long count = (long) Math.max(0, Math.ceil((limit.getDouble(0) - s) / d));
        Tensor out = Tensor.zeros(t, NodeContext.toInt(count, "range length"));
        for (long i = 0; i < count; i++) {
            out.setDouble(i, s + i * d);
        }
        return List.of(Term.constant(out));
    }

    /**
     * Reshape: 0 copies the input's dimension (unless {@code allowzero}), −1 takes what is left. The
     * symbolic batch size may pass through a 0 and must then keep its own axis.
     */
    static List<Term> reshape(NodeContext n) {
        Term x = n.in(0);
        long[] target = n.opset() >= 5 ? n.knownInts(1, "shape") : n.attrs().getInts("shape");
        boolean allowZero = n.opset() >= 14 && n.attrs().getInt("allowzero", 0) != 0;
        if (target == null) {
            throw NodeError.invalid("no target shape");
        }
        Shape in = x.shape();
        int[] out = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw NodeError.invalid("0 at position " + i + " copies a dimension the input " + x.type()
                            + " lacks");
                }
                out[i] = in.dim(i);
            } else if (t == -1) {
                if (infer >= 0) {
                    throw NodeError.invalid("more than one -1 in the shape " + Arrays.toString(target));
                }
                infer = i;
                continue;
            } else if (t < 0) {
                throw NodeError.invalid("negative dimension in the shape " + Arrays.toString(target));
            } else {
                out[i] = NodeContext.toInt(t, "dimension");
            }
            if (out[i] != Shape.BATCH) {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            long total = in.staticElementCount();
            boolean batchLeft = in.batchCount() > Shape.of(out).batchCount();
            if (batchLeft && known == total) {
                // The −1 takes the symbolic batch size, which is what is left.
                out[infer] = Shape.BATCH;
            } else if (known == 0 || total % known != 0) {
                throw NodeError.invalid("cannot reshape " + x.type() + " to " + Arrays.toString(target));
            } else {
                out[infer] = NodeContext.toInt(total / known, "dimension");
            }
        }
        Shape shape = Shape.of(out);
        if (shape.batchCount() != in.batchCount()) {
            throw NodeError.unsupported("the reshape of " + x.type() + " to " + Arrays.toString(target)
                    + " moves the symbolic batch size; Kiln needs it on an axis of its own");
        }
        return List.of(n.apply(new Reshape(shape), x));
    }

    static List<Term> flatten(NodeContext n) {
        return List.of(n.apply(new Flatten(NodeContext.toInt(n.attrs().getInt("axis", 1), "axis")), n.in(0)));
    }

    static List<Term> transpose(NodeContext n) {
        Term x = n.in(0);
        long[] perm = n.attrs().getInts("perm");
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            p.add(perm == null ? x.rank() - 1 - i : 0);
        }
        if (perm != null) {
            if (perm.length != x.rank()) {
                throw NodeError.invalid("perm " + Arrays.toString(perm) + " does not fit " + x.type());
            }
            for (int i = 0; i < perm.length; i++) {
                p.set(i, NodeContext.axis(perm[i], x.rank()));
            }
        }
        return List.of(n.apply(new Transpose(p), x));
    }

    /** Squeeze and Unsqueeze: axes are an attribute before opset 13, an input after. */
    static List<Term> squeeze(NodeContext n, boolean un) {
        long[] axes;
        if (n.opset() >= 13) {
            axes = n.opt(1) == null ? null : n.knownInts(1, "axes");
        } else {
            axes = n.attrs().getInts("axes");
        }
        Term x = n.in(0);
        if (un) {
            if (axes == null || axes.length == 0) {
                throw NodeError.invalid("unsqueeze needs axes");
            }
            return List.of(n.apply(new Unsqueeze(NodeContext.ints(axes, "axis")), x));
        }
        List<Integer> ax = axes == null ? List.of() : NodeContext.ints(axes, "axis");
        if (ax.isEmpty() && x.shape().batchCount() > 0) {
            throw NodeError.unsupported("squeezing every size-1 axis of " + x.type()
                    + ", whose batch size is symbolic");
        }
        return List.of(n.apply(new Squeeze(ax), x));
    }

    static List<Term> concat(NodeContext n) {
        int axis = NodeContext.toInt(n.attrs().requireInt("axis"), "axis");
        List<Term> in = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) {
            in.add(n.in(i));
        }
        return List.of(n.applyAll(new Concat(axis), in).getFirst());
    }

    /**
     * Split: sizes from the {@code split} attribute (before opset 13) or input (from 13), else equal parts,
     * one per output ({@code num_outputs} from opset 18, where the last part may be smaller).
     */
    static List<Term> split(NodeContext n) {
        Term x = n.in(0);
        int axis = NodeContext.axis(n.attrs().getInt("axis", 0), x.rank());
        long[] sizes = n.opset() >= 13 ? (n.opt(1) == null ? null : n.knownInts(1, "split sizes"))
                : n.attrs().getInts("split");
        int parts = n.outputNames().size();
        if (n.opset() >= 18 && n.attrs().has("num_outputs")) {
            parts = NodeContext.toInt(n.attrs().getInt("num_outputs", parts), "num_outputs");
        }
        if (x.shape().isBatch(axis)) {
            throw NodeError.unsupported("splitting along the symbolic batch axis");
        }
        List<Integer> s = new ArrayList<>();
        if (sizes != null) {
            s.addAll(NodeContext.ints(sizes, "split size"));
        } else {
            int d = x.dim(axis);
            int each = n.opset() >= 18 ? Math.ceilDiv(d, parts) : d / parts;
            if (n.opset() < 18 && d % parts != 0) {
                throw NodeError.invalid("axis " + axis + " of " + x.type() + " does not split into " + parts
                        + " equal parts");
            }
            for (int i = 0, left = d; i < parts; i++, left -= each) {
                s.add(Math.min(each, left));
            }
        }
        if (s.size() != n.outputNames().size()) {
            throw NodeError.invalid(s.size() + " split sizes for " + n.outputNames().size() + " outputs");
        }
        return n.applyAll(new Split(axis, s), List.of(x));
    }

    /** Slice: starts/ends/axes as attributes before opset 10, as inputs (plus steps) after. */
    static List<Term> slice(NodeContext n) {
        Term x = n.in(0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (n.opset() >= 10) {
            starts = n.knownInts(1, "starts");
            ends = n.knownInts(2, "ends");
            axes = n.opt(3) == null ? null : n.knownInts(3, "axes");
            steps = n.opt(4) == null ? null : n.knownInts(4, "steps");
        } else {
            starts = n.attrs().getInts("starts");
            ends = n.attrs().getInts("ends");
            axes = n.attrs().getInts("axes");
            if (starts == null || ends == null) {
                throw NodeError.invalid("starts and ends are required");
            }
        }
        int count = starts.length;
        boolean sameLength = ends.length == count && (axes == null || axes.length == count)
                && (steps == null || steps.length == count);
        if (!sameLength) {
            throw NodeError.invalid("starts, ends, axes and steps differ in length");
        }
        List<Integer> s = new ArrayList<>();
        List<Integer> e = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        List<Integer> st = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s.add(NodeContext.clampToInt(starts[i]));
            e.add(NodeContext.clampToInt(ends[i]));
            a.add(NodeContext.axis(axes == null ? i : axes[i], x.rank()));
            st.add(NodeContext.toInt(steps == null ? 1 : steps[i], "step"));
        }
        return List.of(n.apply(new Slice(s, e, a, st), x));
    }

    /** Pad: pads (and mode, value) as attributes before opset 11, as inputs after; {@code axes} from 18. */
    static List<Term> pad(NodeContext n) {
        Term x = n.in(0);
        String mode = n.attrs().getString("mode", "constant");
        long[] pads;
        double value = 0;
        long[] axes = null;
        if (n.opset() >= 11) {
            pads = n.knownInts(1, "pads");
            if (n.opt(2) != null) {
                Tensor v = n.known(2, "constant value");
                if (v.size() != 1) {
                    throw NodeError.invalid("the constant value must be a scalar, got " + v.typeString());
                }
                value = v.getDouble(0);
            }
            if (n.opt(3) != null) {
                axes = n.knownInts(3, "axes");
            }
        } else {
            pads = n.attrs().getInts("pads");
            value = n.attrs().getFloat("value", 0);
            if (pads == null) {
                throw NodeError.invalid("pads is required");
            }
        }
        PadMode m = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            case "edge" -> PadMode.EDGE;
            default -> throw NodeError.unsupported("mode='" + mode + "'");
        };
        int r = x.rank();
        List<Integer> listed = new ArrayList<>();
        if (axes == null) {
            for (int i = 0; i < r; i++) {
                listed.add(i);
            }
        } else {
            for (long a : axes) {
                listed.add(NodeContext.axis(a, r));
            }
        }
        if (pads.length != 2 * listed.size()) {
            throw NodeError.invalid("pads has " + pads.length + " entries for " + listed.size() + " axes");
        }
        List<Integer> begin = new ArrayList<>(java.util.Collections.nCopies(r, 0));
        List<Integer> end = new ArrayList<>(begin);
        for (int i = 0; i < listed.size(); i++) {
            begin.set(listed.get(i), NodeContext.toInt(pads[i], "pad"));
            end.set(listed.get(i), NodeContext.toInt(pads[i + listed.size()], "pad"));
        }
        return List.of(n.apply(new Pad(m, begin, end, value), x));
    }

    static List<Term> gather(NodeContext n) {
        return List.of(n.apply(new Gather(NodeContext.toInt(n.attrs().getInt("axis", 0), "axis")), n.in(0), n.in(1)));
    }

    /**
     * Expand broadcasts the input to a shape: leading axes are added by a reshape, and each size-1 axis that
     * grows is repeated by a gather of index 0, which copies elements exactly whatever their type.
     */
    static List<Term> expand(NodeContext n) {
        Term x = n.in(0);
        long[] target = n.knownInts(1, "shape");
        int r = Math.max(x.rank(), target.length);
        int[] in = new int[r];
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int xi = i - (r - x.rank());
            int ti = i - (r - target.length);
            in[i] = xi < 0 ? 1 : x.dim(xi);
            long t = ti < 0 ? 1 : target[ti];
            if (in[i] == t || t == 1) {
                out[i] = in[i];
            } else if (in[i] == 1) {
                out[i] = NodeContext.toInt(t, "dimension");
            } else {
                throw NodeError.invalid(x.type() + " does not broadcast to " + Arrays.toString(target));
            }
        }
        Term t = r == x.rank() ? x : n.apply(new Reshape(Shape.of(in)), x);
        for (int i = 0; i < r; i++) {
            if (in[i] != out[i]) {
                t = repeat(n, t, i, new long[out[i]]);
            }
        }
        return List.of(t);
    }

    /** Tile: axis {@code i} repeated {@code repeats[i]} times, as a gather of indices {@code j mod d}. */
    static List<Term> tile(NodeContext n) {
        Term x = n.in(0);
        long[] repeats = n.knownInts(1, "repeats");
        if (repeats.length != x.rank()) {
            throw NodeError.invalid(repeats.length + " repeats for " + x.type());
        }
        Term t = x;
        for (int i = 0; i < repeats.length; i++) {
            if (repeats[i] == 1) {
                continue;
            }
            if (repeats[i] < 0 || x.shape().isBatch(i)) {
                throw NodeError.invalid("cannot repeat axis " + i + " of " + x.type() + " " + repeats[i] + " times");
            }
            int d = x.dim(i);
            long[] idx = new long[NodeContext.toInt(d * repeats[i], "tiled size")];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = j % d;
            }
            t = repeat(n, t, i, idx);
        }
        return List.of(t);
    }

    private static Term repeat(NodeContext n, Term t, int axis, long[] indices) {
        return n.apply(new Gather(axis), t, NodeContext.longs(indices));
    }

    /** DepthToSpace: channels to blocks of pixels, in DCR (default) or CRD order. */
    static List<Term> depthToSpace(NodeContext n) {
        Term x = n.in(0);
        int b = NodeContext.toInt(n.attrs().requireInt("blocksize"), "blocksize");
        String mode = n.attrs().getString("mode", "DCR");
        int[] d = rank4(x);
        if (d[1] % (b * b) != 0) {
            throw NodeError.invalid(d[1] + " channels are not divisible by blocksize² = " + (b * b));
        }
        int c = d[1] / (b * b);
        Term t = switch (mode) {
            case "DCR" -> n.apply(new Transpose(List.of(0, 3, 4, 1, 5, 2)),
                    n.apply(new Reshape(Shape.of(d[0], b, b, c, d[2], d[3])), x));
            case "CRD" -> n.apply(new Transpose(List.of(0, 1, 4, 2, 5, 3)),
                    n.apply(new Reshape(Shape.of(d[0], c, b, b, d[2], d[3])), x));
            default -> throw NodeError.unsupported("mode='" + mode + "'");
        };
        return List.of(n.apply(new Reshape(Shape.of(d[0], c, d[2] * b, d[3] * b)), t));
    }

    static List<Term> spaceToDepth(NodeContext n) {
        Term x = n.in(0);
        int b = NodeContext.toInt(n.attrs().requireInt("blocksize"), "blocksize");
        int[] d = rank4(x);
        if (d[2] % b != 0 || d[3] % b != 0) {
            throw NodeError.invalid(x.type() + " is not divisible into " + b + "x" + b + " blocks");
        }
        Term t = n.apply(new Reshape(Shape.of(d[0], d[1], d[2] / b, b, d[3] / b, b)), x);
        t = n.apply(new Transpose(List.of(0, 3, 5, 1, 2, 4)), t);
        return List.of(n.apply(new Reshape(Shape.of(d[0], d[1] * b * b, d[2] / b, d[3] / b)), t));
    }

    private static int[] rank4(Term x) {
        if (x.rank() != 4 || x.shape().batchCount() > (x.shape().isBatch(0) ? 1 : 0)) {
            throw NodeError.invalid("expects an input [N, C, H, W], got " + x.type());
        }
        return x.shape().dims();
    }

    private static int[] dims(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw NodeError.invalid("negative dimension in " + Arrays.toString(shape));
            }
            out[i] = NodeContext.toInt(shape[i], "dimension");
        }
        return out;
    }
}
