package kiln.ir.graph;

import java.util.Collections;
import java.util.List;

/**
 * Average or max pooling over the spatial axes of {@code x[N, C, spatial...]}. Padded positions never win
 * a max; for the average they count in the divisor only with {@code countIncludePad}. With
 * {@code ceilMode} the output length rounds up, but a window that would start in the trailing padding
 * is dropped (PyTorch's rule). A partial window at the end divides by the positions it covers inside
 * the padded extent with {@code countIncludePad}, otherwise by those inside the input. Every window must
 * cover at least one input position.
 */
public record Pool(PoolKind kind, List<Integer> kernel, List<Integer> strides, List<Integer> padsBegin,
        List<Integer> padsEnd, List<Integer> dilations, boolean ceilMode, boolean countIncludePad) implements Op {
    public Pool {
        kernel = List.copyOf(kernel);
        strides = List.copyOf(strides);
        padsBegin = List.copyOf(padsBegin);
        padsEnd = List.copyOf(padsEnd);
        dilations = List.copyOf(dilations);
        String op = kind.text() + "_pool";
        int s = kernel.size();
        Infer.length(op, "strides", strides, s);
        Infer.length(op, "pads_begin", padsBegin, s);
        Infer.length(op, "pads_end", padsEnd, s);
        Infer.length(op, "dilations", dilations, s);
        Infer.positive(op, "kernel", kernel);
        Infer.positive(op, "strides", strides);
        Infer.positive(op, "dilations", dilations);
        Infer.nonNegative(op, "pads", padsBegin);
        Infer.nonNegative(op, "pads", padsEnd);
    }

    /** A pool with the given window and stride, no padding, no dilation, floor mode. */
    public static Pool of(PoolKind kind, List<Integer> kernel, List<Integer> strides) {
        List<Integer> zeros = Collections.nCopies(kernel.size(), 0);
        return new Pool(kind, kernel, strides, zeros, zeros, Collections.nCopies(kernel.size(), 1), false, false);
    }

    public int spatialRank() {
        return kernel.size();
    }

    /** Whether the window starting at {@code start} along spatial axis {@code i} has a tap inside the input. */
    private boolean touchesInput(int start, int i, int length) {
        for (int t = 0; t < kernel.get(i); t++) {
            int p = start + t * dilations.get(i);
            if (p >= 0 && p < length) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return kind.text() + "_pool";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Infer.requireFloat(op, x);
        int s = spatialRank();
        if (x.rank() != s + 2) {
            throw new IrException(op + ": a " + s + "-d pool needs an input of rank " + (s + 2) + ", got " + x);
        }
        int[] dims = x.shape().dims();
        for (int i = 0; i < s; i++) {
            // A window made only of padding would have no defined value.
            int span = dilations.get(i) * (kernel.get(i) - 1) + 1;
            if (padsBegin.get(i) >= span || padsEnd.get(i) >= span) {
                throw new IrException(op + ": padding " + padsBegin + "/" + padsEnd + " is as large as the window "
                        + kernel);
            }
            dims[i + 2] = Infer.windowOutput(op, x.dim(i + 2), kernel.get(i), strides.get(i), padsBegin.get(i),
                    padsEnd.get(i), dilations.get(i), ceilMode);
            int last = (dims[i + 2] - 1) * strides.get(i) - padsBegin.get(i);
            if (!touchesInput(-padsBegin.get(i), i, x.dim(i + 2)) || !touchesInput(last, i, x.dim(i + 2))) {
                throw new IrException(op + ": a window lies wholly in the padding of axis " + (i + 2) + " of " + x);
            }
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
