package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Transpose;

/** Convolutions, the transposed convolution (composed), and the matrix products. */
final class ConvOps {
    private ConvOps() {
    }

    static List<Term> matMul(NodeContext n) {
        return List.of(n.apply(new MatMul(), n.in(0), n.in(1)));
    }

    static List<Term> gemm(NodeContext n) {
        double alpha = n.attrs().getFloat("alpha", 1);
        double beta = n.attrs().getFloat("beta", 1);
        boolean transA = n.attrs().getInt("transA", 0) != 0;
        boolean transB = n.attrs().getInt("transB", 0) != 0;
        Gemm op = new Gemm(alpha, beta, transA, transB);
        Term c = n.opt(2);
        return List.of(c == null ? n.apply(op, n.in(0), n.in(1)) : n.apply(op, n.in(0), n.in(1), c));
    }

    static List<Term> conv(NodeContext n) {
        Term x = n.in(0);
        Term w = n.in(1);
        int[] kernel = kernel(n, w);
        int group = NodeContext.toInt(n.attrs().getInt("group", 1), "group");
        Windows win = Windows.read(n, x.shape(), kernel, true);
        Conv op = new Conv(win.strides(), win.padsBegin(), win.padsEnd(), win.dilations(), group);
        Term b = n.opt(2);
        return List.of(b == null ? n.apply(op, x, w) : n.apply(op, x, w, b));
    }

    /** The spatial kernel of a weight {@code [*, *, k...]}, checked against {@code kernel_shape} if given. */
    private static int[] kernel(NodeContext n, Term w) {
        if (w.rank() < 3) {
            throw NodeError.invalid("the weight " + w.type() + " needs at least one spatial axis");
        }
        int[] kernel = Arrays.copyOfRange(w.shape().dims(), 2, w.rank());
        long[] given = n.attrs().getInts("kernel_shape");
        if (given != null && !Arrays.equals(given, Arrays.stream(kernel).asLongStream().toArray())) {
            throw NodeError.invalid("kernel_shape " + Arrays.toString(given) + " differs from the weight " + w.type());
        }
        return kernel;
    }

    /**
     * ConvTranspose as a convolution over the zero-inserted input: each input element is followed by
     * {@code stride − 1} zeros (unsqueeze, pad, reshape), the result is padded by {@code dilation·(k − 1)}
     * minus the transposed convolution's own pads (negative amounts crop), and convolved at stride 1 with
     * the weight flipped along its spatial axes and its in/out channels swapped within each group.
     */
    static List<Term> convTranspose(NodeContext n) {
        Term x = n.in(0);
        Term w = n.in(1);
        int[] k = kernel(n, w);
        int s = k.length;
        int group = NodeContext.toInt(n.attrs().getInt("group", 1), "group");
        int[] strides = Windows.ints(n, "strides", s, 1);
        int[] dil = Windows.ints(n, "dilations", s, 1);
        int[] outPad = Windows.ints(n, "output_padding", s, 0);
        int[] in = new int[s];
        for (int i = 0; i < s; i++) {
            in[i] = Windows.spatial(x.shape(), i);
        }
        int[][] pads = transposedPads(n, in, k, strides, dil, outPad);
        if (x.rank() != s + 2 || x.shape().isBatch(1) || x.dim(1) != w.dim(0) || w.dim(0) % group != 0) {
            throw NodeError.invalid("input " + x.type() + " does not fit the weight " + w.type() + " with group="
                    + group);
        }
        Term z = zeroInsert(n, x, strides);
        List<Integer> zeros = Collections.nCopies(s + 2, 0);
        List<Integer> begin = new ArrayList<>(zeros);
        List<Integer> end = new ArrayList<>(zeros);
        for (int i = 0; i < s; i++) {
            int reach = dil[i] * (k[i] - 1);
            begin.set(i + 2, reach - pads[0][i]);
            // The zero insertion left stride − 1 zeros after the last element, which are not part of it.
            end.set(i + 2, reach - pads[1][i] + outPad[i] - (strides[i] - 1));
        }
        Term padded = n.apply(new Pad(PadMode.CONSTANT, begin, end, 0), z);
        Term wt = transposedWeight(n, w, group);
        List<Integer> ones = Collections.nCopies(s, 1);
        List<Integer> none = Collections.nCopies(s, 0);
        Conv op = new Conv(ones, none, none, Windows.list(dil), group);
        Term b = n.opt(2);
        return List.of(b == null ? n.apply(op, padded, wt) : n.apply(op, padded, wt, b));
    }

    /**
     * The pads [begin, end] of a transposed convolution. With {@code output_shape} (or SAME auto-padding,
     * which asks for {@code in · stride}), the total padding is whatever gives that size, split as the ONNX
     * specification says (floor division, so a negative total extends the end); otherwise {@code pads}.
     */
    private static int[][] transposedPads(NodeContext n, int[] in, int[] k, int[] strides, int[] dil, int[] outPad) {
        int s = k.length;
        String autoPad = n.attrs().getString("auto_pad", "NOTSET");
        int[] pads = Windows.ints(n, "pads", 2 * s, 0);
        long[] outputShape = n.attrs().getInts("output_shape");
        int[] begin = Arrays.copyOfRange(pads, 0, s);
        int[] end = Arrays.copyOfRange(pads, s, 2 * s);
        if (!List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
            throw NodeError.unsupported("auto_pad='" + autoPad + "'");
        }
        if (autoPad.equals("VALID")) {
            Arrays.fill(begin, 0);
            Arrays.fill(end, 0);
        }
        if (outputShape == null && !autoPad.startsWith("SAME")) {
            return new int[][] {begin, end};
        }
        if (outputShape != null && outputShape.length == s + 2) {
            outputShape = Arrays.copyOfRange(outputShape, 2, s + 2);
        }
        if (outputShape != null && outputShape.length != s) {
            throw NodeError.invalid("output_shape " + Arrays.toString(outputShape) + " does not have " + s
                    + " entries");
        }
        for (int i = 0; i < s; i++) {
            long want = outputShape != null ? outputShape[i] : (long) in[i] * strides[i];
            long total = (long) strides[i] * (in[i] - 1) + outPad[i] + (long) (k[i] - 1) * dil[i] + 1 - want;
            long half = Math.floorDiv(total, 2);
            boolean upper = autoPad.equals("SAME_UPPER");
            begin[i] = NodeContext.toInt(upper ? half : total - half, "padding");
            end[i] = NodeContext.toInt(upper ? total - half : half, "padding");
        }
        return new int[][] {begin, end};
    }

    /** {@code x[N, C, d...]} with {@code stride − 1} zeros after every element along each spatial axis. */
    private static Term zeroInsert(NodeContext n, Term x, int[] strides) {
        if (Arrays.stream(strides).allMatch(v -> v == 1)) {
            return x;
        }
        int s = strides.length;
        int[] dims = x.shape().dims();
        int[] split = new int[2 + 2 * s];
        int[] merged = new int[2 + s];
        split[0] = merged[0] = dims[0];
        split[1] = merged[1] = dims[1];
        List<Integer> begin = new ArrayList<>(Collections.nCopies(2 + 2 * s, 0));
        List<Integer> end = new ArrayList<>(begin);
        for (int i = 0; i < s; i++) {
            split[2 + 2 * i] = dims[2 + i];
            split[3 + 2 * i] = 1;
            end.set(3 + 2 * i, strides[i] - 1);
            merged[2 + i] = Math.multiplyExact(dims[2 + i], strides[i]);
        }
        Term t = n.apply(new Reshape(Shape.of(split)), x);
        t = n.apply(new Pad(PadMode.CONSTANT, begin, end, 0), t);
        return n.apply(new Reshape(Shape.of(merged)), t);
    }

    /** {@code w[C, M/g, k...]} flipped spatially and rearranged to a convolution weight {@code [M, C/g, k...]}. */
    private static Term transposedWeight(NodeContext n, Term w, int group) {
        int r = w.rank();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        for (int a = 2; a < r; a++) {
            starts.add(-1);
            ends.add(-w.dim(a) - 1);
            axes.add(a);
            steps.add(-1);
        }
        Term flipped = n.apply(new Slice(starts, ends, axes, steps), w);
        int c = w.dim(0);
        int mg = w.dim(1);
        int[] kernel = Arrays.copyOfRange(w.shape().dims(), 2, r);
        int[] grouped = new int[r + 1];
        grouped[0] = group;
        grouped[1] = c / group;
        grouped[2] = mg;
        System.arraycopy(kernel, 0, grouped, 3, kernel.length);
        List<Integer> perm = new ArrayList<>(List.of(0, 2, 1));
        for (int a = 3; a <= r; a++) {
            perm.add(a);
        }
        Term t = n.apply(new Reshape(Shape.of(grouped)), flipped);
        t = n.apply(new Transpose(perm), t);
        int[] out = new int[r];
        out[0] = group * mg;
        out[1] = c / group;
        System.arraycopy(kernel, 0, out, 2, kernel.length);
        return n.apply(new Reshape(Shape.of(out)), t);
    }
}
