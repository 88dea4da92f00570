package kiln.ir.interp;

import kiln.ir.graph.IrException;

/**
 * Flat C-order indexing shared by the evaluators: strides, element counts, and maps from each output
 * element to the input element it reads (broadcasting, transposing and slicing are all such maps).
 */
final class Index {
    private Index() {
    }

    /** C-order strides in elements. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = (int) stride;
            stride *= shape[i];
        }
        return s;
    }

    /** Number of elements, which the interpreter's arrays require to fit an int. */
    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IrException("the reference interpreter cannot hold a tensor of " + n + " elements");
        }
        return (int) n;
    }

    /** Product of {@code shape[from..to)}. */
    static int product(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    /**
     * The strides with which an input of shape {@code in} is read when numpy-broadcast to {@code out}:
     * aligned to the right, 0 where the input has size 1 (or is missing).
     */
    static int[] broadcastStrides(int[] in, int[] out) {
        int[] st = strides(in);
        int[] b = new int[out.length];
        int shift = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            b[i + shift] = in[i] == 1 && out[i + shift] != 1 ? 0 : st[i];
        }
        return b;
    }

    /** Numpy broadcasting of two shapes that type inference has already found compatible. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For each output element, the flat index of the input element broadcast to it. */
    static int[] broadcastMap(int[] in, int[] out) {
        return affineMap(out, broadcastStrides(in, out), 0);
    }

    /**
     * For each element of {@code out} in C order, {@code offset + Σ index[d]·strides[d]}. Broadcasts,
     * transposes and strided slices are all of this form.
     */
    static int[] affineMap(int[] out, int[] strides, int offset) {
        int n = size(out);
        int[] map = new int[n];
        int rank = out.length;
        int[] idx = new int[rank];
        long off = offset;
        for (int i = 0; i < n; i++) {
            map[i] = (int) off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += strides[d];
                if (idx[d] < out[d]) {
                    break;
                }
                off -= (long) strides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /** Writes into {@code idx} the multi-index of flat position {@code flat} in a tensor of the given shape. */
    static void unravel(int flat, int[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
    }
}
