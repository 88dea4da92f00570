package kiln.ir.interp;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Pad;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.Transpose;
import kiln.runtime.Tensor;

/**
 * Ops that move elements without computing: they copy raw element bits, so they are exact for every
 * dtype (including i64 beyond 2⁵³, bool, c64 and NaN payloads).
 */
final class LayoutEval {
    private LayoutEval() {
    }

    /** Reshape, flatten, squeeze and unsqueeze: the same elements in the same order under a new shape. */
    static Tensor reshape(Tensor x, int[] outShape) {
        return x.copy().reshape(outShape);
    }

    static Tensor transpose(Transpose op, Tensor x, int[] outShape) {
        int[] inStrides = Index.strides(x.shape());
        int[] strides = new int[outShape.length];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = inStrides[op.perm().get(i)];
        }
        return gather(x, outShape, Index.affineMap(outShape, strides, 0));
    }

    static Tensor slice(Slice op, Tensor x, int[] outShape) {
        Slice.Range[] ranges = op.resolve(Shape.of(x.shape()));
        int[] inStrides = Index.strides(x.shape());
        int[] strides = new int[ranges.length];
        long offset = 0;
        for (int d = 0; d < ranges.length; d++) {
            strides[d] = inStrides[d] * ranges[d].step();
            // An empty window may start one past the end; nothing is read then.
            offset += (long) ranges[d].start() * inStrides[d];
        }
        if (Index.size(outShape) == 0) {
            return Tensor.zeros(x.dtype(), outShape);
        }
        return gather(x, outShape, Index.affineMap(outShape, strides, (int) offset));
    }

    static List<Tensor> split(Split op, Tensor x) {
        int[] shape = x.shape();
        int a = op.axis() < 0 ? op.axis() + shape.length : op.axis();
        int outer = Index.product(shape, 0, a);
        int inner = Index.product(shape, a + 1, shape.length);
        long[] bits = Buffers.bits(x);
        List<Tensor> out = new ArrayList<>();
        int from = 0;
        for (int size : op.sizes()) {
            long[] piece = new long[Math.multiplyExact(outer, size * inner)];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(bits, (o * shape[a] + from) * inner, piece, o * size * inner, size * inner);
            }
            int[] pieceShape = shape.clone();
            pieceShape[a] = size;
            out.add(Buffers.ofBits(x.dtype(), pieceShape, piece));
            from += size;
        }
        return out;
    }

    static Tensor concat(Concat op, List<Tensor> xs, int[] outShape) {
        int a = op.axis() < 0 ? op.axis() + outShape.length : op.axis();
        int outer = Index.product(outShape, 0, a);
        int inner = Index.product(outShape, a + 1, outShape.length);
        long[] out = new long[Index.size(outShape)];
        int at = 0;
        for (Tensor x : xs) {
            int size = x.dim(a);
            long[] bits = Buffers.bits(x);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(bits, o * size * inner, out, (o * outShape[a] + at) * inner, size * inner);
            }
            at += size;
        }
        return Buffers.ofBits(xs.getFirst().dtype(), outShape, out);
    }

    /**
     * Output position {@code o} on an axis reads input position {@code o - padBegin}; outside the input
     * that is the fill value, the mirror image about the edge element (reflect) or the edge element.
     * This equals padding by the positive pads and then cropping by the negative ones, as ONNX does, so
     * a reflection is always about the original edges.
     */
    static Tensor pad(Pad op, Tensor x, int[] outShape) {
        int[] in = x.shape();
        int rank = in.length;
        int[][] source = new int[rank][];
        for (int d = 0; d < rank; d++) {
            source[d] = new int[outShape[d]];
            for (int o = 0; o < outShape[d]; o++) {
                source[d][o] = sourcePosition(op, o - op.padsBegin().get(d), in[d]);
            }
        }
        int[] inStrides = Index.strides(in);
        long[] bits = Buffers.bits(x);
        long fill = Buffers.bitsOf(x.dtype(), op.value());
        long[] out = new long[Index.size(outShape)];
        int[] idx = new int[rank];
        for (int i = 0; i < out.length; i++) {
            Index.unravel(i, outShape, idx);
            int src = 0;
            for (int d = 0; d < rank && src >= 0; d++) {
                int p = source[d][idx[d]];
                src = p < 0 ? -1 : src + p * inStrides[d];
            }
            out[i] = src < 0 ? fill : bits[src];
        }
        return Buffers.ofBits(x.dtype(), outShape, out);
    }

    /** The input position read for position {@code p} of an axis of length {@code n}, or -1 for the fill. */
    private static int sourcePosition(Pad op, int p, int n) {
        if (p >= 0 && p < n) {
            return p;
        }
        return switch (op.mode()) {
            case CONSTANT -> -1;
            // Type inference keeps the pads shorter than the axis, so one reflection lands inside it.
            case REFLECT -> p < 0 ? -p : 2 * (n - 1) - p;
            case EDGE -> p < 0 ? 0 : n - 1;
        };
    }

    /** {@code out[pre, j..., post] = data[pre, indices[j...], post]}; negative indices count from the end. */
    static Tensor gather(Gather op, Tensor data, Tensor indices, int[] outShape) {
        int[] shape = data.shape();
        int a = op.axis() < 0 ? op.axis() + shape.length : op.axis();
        int outer = Index.product(shape, 0, a);
        int len = shape[a];
        int inner = Index.product(shape, a + 1, shape.length);
        long[] ix = Buffers.longs(indices);
        int[] rows = new int[ix.length];
        for (int j = 0; j < ix.length; j++) {
            long i = ix[j] < 0 ? ix[j] + len : ix[j];
            if (i < 0 || i >= len) {
                throw new IrException("gather: index " + ix[j] + " is out of range for axis " + a + " of size " + len
                        + " in " + data.typeString());
            }
            rows[j] = (int) i;
        }
        long[] bits = Buffers.bits(data);
        long[] out = new long[Index.size(outShape)];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < rows.length; j++) {
                System.arraycopy(bits, (o * len + rows[j]) * inner, out, (o * rows.length + j) * inner, inner);
            }
        }
        return Buffers.ofBits(data.dtype(), outShape, out);
    }

    /**
     * {@code out[i] = data[i with its axis coordinate replaced by indices[i]]}; negative indices count from the
     * end, and an index outside {@code [-d, d)} is an error.
     */
    static Tensor gatherElements(GatherElements op, Tensor data, Tensor indices) {
        int[] shape = data.shape();
        int[] outShape = indices.shape();
        int a = op.axis() < 0 ? op.axis() + shape.length : op.axis();
        int len = shape[a];
        int[] strides = Index.strides(shape);
        long[] ix = Buffers.longs(indices);
        long[] bits = Buffers.bits(data);
        long[] out = new long[ix.length];
        int[] idx = new int[shape.length];
        for (int i = 0; i < ix.length; i++) {
            long k = ix[i] < 0 ? ix[i] + len : ix[i];
            if (k < 0 || k >= len) {
                throw new IrException("gather_elements: index " + ix[i] + " is out of range for axis " + a + " of size "
                        + len + " in " + data.typeString());
            }
            Index.unravel(i, outShape, idx);
            idx[a] = (int) k;
            int src = 0;
            for (int d = 0; d < idx.length; d++) {
                src += idx[d] * strides[d];
            }
            out[i] = bits[src];
        }
        return Buffers.ofBits(data.dtype(), outShape, out);
    }

    /** A tensor of {@code x}'s dtype whose element i is element {@code map[i]} of x. */
    private static Tensor gather(Tensor x, int[] outShape, int[] map) {
        long[] bits = Buffers.bits(x);
        long[] out = new long[map.length];
        for (int i = 0; i < map.length; i++) {
            out[i] = bits[map[i]];
        }
        return Buffers.ofBits(x.dtype(), outShape, out);
    }
}
