package kiln.frontend.onnx;

import java.util.List;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.ir.graph.Shape;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Operators the Graph IR has no op for yet (comparisons, Where) evaluated at import time when all their
 * inputs are constants. Exporters use them in shape computations (PyTorch writes Expand's target as
 * {@code Where(Equal(shape, -1), 1, shape)}), which then fold like any other. On values computed at run
 * time they are reported as not implemented.
 */
final class ConstantOps {
    private ConstantOps() {
    }

    enum Comparison { EQUAL, LESS, GREATER, LESS_OR_EQUAL, GREATER_OR_EQUAL }

    static List<Term> compare(NodeContext n, Comparison c) {
        Term a = n.in(0);
        Term b = n.in(1);
        requireConstants(n, "the Graph IR has no elementwise comparison op", a, b);
        if (a.dtype() != b.dtype()) {
            throw NodeError.invalid("element types differ: " + a.type() + " and " + b.type());
        }
        Tensor x = a.known();
        Tensor y = b.known();
        int[] out = broadcast(x.shape(), y.shape());
        Tensor r = Tensor.zeros(DType.BOOL, out);
        int[] ix = Broadcast.map(x.shape(), out);
        int[] iy = Broadcast.map(y.shape(), out);
        boolean exact = !x.dtype().isFloat();
        for (int i = 0; i < r.size(); i++) {
            // Integers compare exactly; any comparison with NaN is false.
            int cmp = exact ? Long.compare(x.getLong(ix[i]), y.getLong(iy[i])) : 0;
            double u = x.getDouble(ix[i]);
            double v = y.getDouble(iy[i]);
            boolean value = switch (c) {
                case EQUAL -> exact ? cmp == 0 : u == v;
                case LESS -> exact ? cmp < 0 : u < v;
                case GREATER -> exact ? cmp > 0 : u > v;
                case LESS_OR_EQUAL -> exact ? cmp <= 0 : u <= v;
                case GREATER_OR_EQUAL -> exact ? cmp >= 0 : u >= v;
            };
            r.setLong(i, value ? 1 : 0);
        }
        return List.of(Term.constant(r));
    }

    static List<Term> where(NodeContext n) {
        Term c = n.in(0);
        Term a = n.in(1);
        Term b = n.in(2);
        requireConstants(n, "the Graph IR has no select (where) op", c, a, b);
        if (c.dtype() != DType.BOOL || a.dtype() != b.dtype()) {
            throw NodeError.invalid("expects a bool condition and two values of one type, got " + c.type() + ", "
                    + a.type() + ", " + b.type());
        }
        int[] out = broadcast(broadcast(c.known().shape(), a.known().shape()), b.known().shape());
        int[] ic = Broadcast.map(c.known().shape(), out);
        int[] ia = Broadcast.map(a.known().shape(), out);
        int[] ib = Broadcast.map(b.known().shape(), out);
        Tensor r = Tensor.zeros(a.dtype(), out);
        long size = a.dtype().byteSize();
        for (int i = 0; i < r.size(); i++) {
            boolean pick = c.known().getLong(ic[i]) != 0;
            Tensor from = pick ? a.known() : b.known();
            long at = (long) (pick ? ia[i] : ib[i]) * size;
            // Element bits are copied, so NaN payloads, ±0 and integers pass through unchanged.
            java.lang.foreign.MemorySegment.copy(from.data(), at, r.data(), (long) i * size, size);
        }
        return List.of(Term.constant(r));
    }

    private static void requireConstants(NodeContext n, String why, Term... terms) {
        for (Term t : terms) {
            if (!t.foldable()) {
                throw new NodeError(Kind.UNSUPPORTED_OPERATOR, "not implemented yet for values computed at run time: "
                        + why + " (it is evaluated only on constants, e.g. in shape computations)", "");
            }
        }
    }

    private static int[] broadcast(int[] a, int[] b) {
        try {
            return Broadcast.shape(a, b);
        } catch (IllegalArgumentException e) {
            throw NodeError.invalid(e.getMessage());
        }
    }

    /** Numpy broadcasting of constant tensors. */
    static final class Broadcast {
        private Broadcast() {
        }

        static int[] shape(int[] a, int[] b) {
            int rank = Math.max(a.length, b.length);
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) {
                int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
                int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
                if (da != db && da != 1 && db != 1) {
                    throw new IllegalArgumentException("shapes " + Shape.of(a) + " and " + Shape.of(b)
                            + " do not broadcast");
                }
                out[i] = da == 1 ? db : da;
            }
            return out;
        }

        /** For each element of {@code out} (C order), the flat index of the element of {@code in} it reads. */
        static int[] map(int[] in, int[] out) {
            int n = 1;
            for (int d : out) {
                n *= d;
            }
            int[] result = new int[n];
            int offset = out.length - in.length;
            int[] strides = new int[out.length];
            int stride = 1;
            for (int i = in.length - 1; i >= 0; i--) {
                strides[i + offset] = in[i] == 1 ? 0 : stride;
                stride *= in[i];
            }
            int[] index = new int[out.length];
            for (int k = 0; k < n; k++) {
                int flat = 0;
                for (int i = 0; i < out.length; i++) {
                    flat += index[i] * strides[i];
                }
                result[k] = flat;
                for (int i = out.length - 1; i >= 0; i--) {
                    if (++index[i] < out[i]) {
                        break;
                    }
                    index[i] = 0;
                }
            }
            return result;
        }
    }
}
