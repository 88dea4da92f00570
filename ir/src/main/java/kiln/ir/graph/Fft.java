package kiln.ir.graph;

import java.util.List;

/** Shape rule shared by the Fourier transforms. */
final class Fft {
    private Fft() {
    }

    /** The input's dims with the trailing transformed axes set to {@code lengths}. */
    static int[] transformedDims(String op, TensorType x, List<Integer> lengths) {
        if (x.rank() < lengths.size()) {
            throw new IrException(op + ": " + lengths.size() + " transformed axes do not fit " + x);
        }
        int[] dims = x.shape().dims();
        int first = dims.length - lengths.size();
        for (int i = 0; i < lengths.size(); i++) {
            if (dims[first + i] == Shape.BATCH) {
                throw new IrException(op + ": cannot transform the symbolic batch dimension");
            }
            dims[first + i] = lengths.get(i);
        }
        return dims;
    }
}
