package kiln.ir.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import kiln.runtime.DType;

/** Checks and shape rules shared by the ops' type inference. */
final class Infer {
    private Infer() {
    }

    static void arity(String op, List<TensorType> inputs, int min, int max) {
        int n = inputs.size();
        if (n < min || n > max) {
            String want = min == max ? Integer.toString(min) : min + " to " + max;
            throw new IrException(op + ": expects " + want + " inputs, got " + n);
        }
    }

    static void requireFloat(String op, TensorType t) {
        if (!t.dtype().isFloat()) {
            throw new IrException(op + ": expects a floating-point tensor (f32 or f64), got " + t);
        }
    }

    static void requireNumeric(String op, TensorType t) {
        if (t.dtype() == DType.BOOL || t.dtype() == DType.C64) {
            throw new IrException(op + ": expects a real numeric tensor, got " + t);
        }
    }

    static void sameDtype(String op, TensorType a, TensorType b) {
        if (a.dtype() != b.dtype()) {
            throw new IrException(op + ": element types differ: " + a + " and " + b);
        }
    }

    static void rankAtLeast(String op, TensorType t, int rank) {
        if (t.rank() < rank) {
            throw new IrException(op + ": expects a tensor of rank at least " + rank + ", got " + t);
        }
    }

    /** Requires {@code t} to be a vector of {@code n} elements (a per-channel parameter). */
    static void channelVector(String op, String what, TensorType t, int n) {
        if (t.rank() != 1 || (t.dim(0) != n && n != Shape.BATCH)) {
            throw new IrException(op + ": " + what + " must have shape [" + n + "], got " + t);
        }
    }

    /** Numpy broadcasting of two shapes; the symbolic batch size only broadcasts with itself or 1. */
    /**
     * The checks of an elementwise op on two operands of one dtype that {@code accepts} takes, and the shape
     * they broadcast to.
     */
    static Shape elementwise(String op, List<TensorType> inputs, Predicate<DType> accepts) {
        arity(op, inputs, 2, 2);
        TensorType a = inputs.get(0);
        TensorType b = inputs.get(1);
        sameDtype(op, a, b);
        if (!accepts.test(a.dtype())) {
            throw new IrException(op + ": does not accept " + a.dtype());
        }
        return broadcast(op, a.shape(), b.shape());
    }

    static Shape broadcast(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IrException(op + ": shapes " + a + " and " + b + " do not broadcast");
            }
        }
        return Shape.of(out);
    }

    /** Normalised, distinct axes for a tensor of the given rank. */
    static List<Integer> axes(String op, List<Integer> axes, int rank) {
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank) {
                throw new IrException(op + ": axis " + a + " is out of range for rank " + rank);
            }
            if (!seen.add(n)) {
                throw new IrException(op + ": axis " + a + " is repeated");
            }
            out.add(n);
        }
        return out;
    }

    /** Output length of a sliding window (convolution or pooling) along one axis. */
    static int windowOutput(String op, int in, int kernel, int stride, int padBegin, int padEnd, int dilation,
            boolean ceil) {
        if (in == Shape.BATCH) {
            throw new IrException(op + ": a window cannot slide over the symbolic batch dimension");
        }
        long span = (long) dilation * (kernel - 1) + 1;
        long padded = (long) in + padBegin + padEnd;
        if (padded < span) {
            throw new IrException(op + ": the window (" + span + " wide after dilation) is larger than the padded input ("
                    + padded + ")");
        }
        long steps = ceil ? Math.ceilDiv(padded - span, stride) : (padded - span) / stride;
        long out = steps + 1;
        // With ceil mode, the last window must start inside the input or its leading padding.
        if (ceil && (out - 1) * stride >= (long) in + padBegin) {
            out--;
        }
        return toInt(op, out);
    }

    /** {@code n} as an int, or an error saying the dimension is too large. */
    static int toInt(String op, long n) {
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new IrException(op + ": a dimension of " + n + " is too large");
        }
        return (int) n;
    }

    static void positive(String op, String what, List<Integer> values) {
        for (int v : values) {
            if (v <= 0) {
                throw new IrException(op + ": " + what + " must be positive, got " + values);
            }
        }
    }

    static void nonNegative(String op, String what, List<Integer> values) {
        for (int v : values) {
            if (v < 0) {
                throw new IrException(op + ": " + what + " must not be negative, got " + values);
            }
        }
    }

    static void length(String op, String what, List<Integer> values, int n) {
        if (values.size() != n) {
            throw new IrException(op + ": " + what + " must have " + n + " entries, got " + values);
        }
    }

    static List<TensorType> one(TensorType t) {
        return List.of(t);
    }
}
