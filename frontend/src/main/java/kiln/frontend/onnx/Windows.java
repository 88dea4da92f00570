package kiln.frontend.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Shape;

/**
 * The sliding-window attributes shared by convolutions and pooling (strides, dilations, pads, auto_pad),
 * read and resolved to explicit per-axis values. {@code auto_pad} SAME_UPPER / SAME_LOWER choose pads so
 * that the output has {@code ceil(in / stride)} positions, the odd one going at the end (UPPER) or the
 * beginning (LOWER); VALID means no padding.
 */
record Windows(List<Integer> strides, List<Integer> dilations, List<Integer> padsBegin, List<Integer> padsEnd) {

    /**
     * Reads the window attributes of a node over an input with the given spatial sizes and kernel.
     * {@code dilationsAllowed}: whether the operator (at this opset) has a {@code dilations} attribute.
     */
    static Windows read(NodeContext n, Shape input, int[] kernel, boolean dilationsAllowed) {
        int s = kernel.length;
        int[] strides = ints(n, "strides", s, 1);
        int[] dilations = dilationsAllowed ? ints(n, "dilations", s, 1) : filled(s, 1);
        String autoPad = n.attrs().getString("auto_pad", "NOTSET");
        int[] pads = ints(n, "pads", 2 * s, 0);
        int[] begin = Arrays.copyOfRange(pads, 0, s);
        int[] end = Arrays.copyOfRange(pads, s, 2 * s);
        switch (autoPad) {
            case "NOTSET" -> {
            }
            case "VALID" -> {
                Arrays.fill(begin, 0);
                Arrays.fill(end, 0);
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < s; i++) {
                    int in = spatial(input, i);
                    long out = Math.ceilDiv(in, strides[i]);
                    long total = Math.max(0, (out - 1) * strides[i] + (long) (kernel[i] - 1) * dilations[i] + 1 - in);
                    long small = total / 2;
                    begin[i] = (int) (autoPad.equals("SAME_UPPER") ? small : total - small);
                    end[i] = (int) (total - begin[i]);
                }
            }
            default -> throw NodeError.unsupported("auto_pad='" + autoPad + "'");
        }
        return new Windows(list(strides), list(dilations), list(begin), list(end));
    }

    /** The size of spatial axis {@code i} (axis {@code i + 2}) of an input, which must be static. */
    static int spatial(Shape input, int i) {
        if (input.rank() <= i + 2 || input.isBatch(i + 2)) {
            throw NodeError.invalid("the input " + input + " has no static spatial axis " + (i + 2));
        }
        return input.dim(i + 2);
    }

    /** An ints attribute of the given length, or all {@code absent} when not given. */
    static int[] ints(NodeContext n, String name, int length, int absent) {
        long[] v = n.attrs().getInts(name);
        if (v == null) {
            return filled(length, absent);
        }
        if (v.length != length) {
            throw NodeError.invalid(name + " has " + v.length + " entries, expected " + length);
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = NodeContext.toInt(v[i], name);
        }
        return out;
    }

    static int[] filled(int length, int v) {
        int[] out = new int[length];
        Arrays.fill(out, v);
        return out;
    }

    static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
