package kiln.ir.interp;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * The elementwise ops: unary and binary functions (numpy broadcasting), the activations with scalar
 * attributes, StarReLU, complex assembly and parts, and casts.
 */
final class ElementwiseEval {
    private ElementwiseEval() {
    }

    static Tensor unary(Unary op, Tensor x) {
        int[] shape = x.shape();
        DType t = x.dtype();
        if (t.isComplex()) {
            if (op.fn() != UnaryFn.NEG && op.fn() != UnaryFn.CONJ) {
                throw new IllegalStateException(op.fn() + " on complex numbers");
            }
            double[] c = Buffers.complex(x);
            boolean negateRe = op.fn() == UnaryFn.NEG;
            for (int i = 0; i < c.length; i += 2) {
                if (negateRe) {
                    c[i] = -c[i];
                }
                // Both negation and conjugation flip the imaginary part.
                c[i + 1] = -c[i + 1];
            }
            return Buffers.ofComplex(shape, c);
        }
        if (t.isInteger()) {
            LongUnaryOperator f = ScalarMath.unaryLong(op.fn());
            long[] v = Buffers.longs(x);
            for (int i = 0; i < v.length; i++) {
                v[i] = f.applyAsLong(v[i]);
            }
            return Buffers.ofLongs(t, shape, v);
        }
        return map(x, ScalarMath.unary(op.fn()));
    }

    static Tensor binary(Binary op, Tensor a, Tensor b, int[] out) {
        DType t = a.dtype();
        int n = Index.size(out);
        int[] ia = Index.broadcastMap(a.shape(), out);
        int[] ib = Index.broadcastMap(b.shape(), out);
        if (t.isComplex()) {
            double[] x = Buffers.complex(a);
            double[] y = Buffers.complex(b);
            double[] r = new double[2 * n];
            for (int i = 0; i < n; i++) {
                complexBinary(op.fn(), x[2 * ia[i]], x[2 * ia[i] + 1], y[2 * ib[i]], y[2 * ib[i] + 1], r, 2 * i);
            }
            return Buffers.ofComplex(out, r);
        }
        if (t.isInteger()) {
            LongBinaryOperator f = ScalarMath.binaryLong(op.fn());
            long[] x = Buffers.longs(a);
            long[] y = Buffers.longs(b);
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsLong(x[ia[i]], y[ib[i]]);
            }
            return Buffers.ofLongs(t, out, r);
        }
        DoubleBinaryOperator f = ScalarMath.binary(op.fn());
        double[] x = Buffers.doubles(a);
        double[] y = Buffers.doubles(b);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsDouble(x[ia[i]], y[ib[i]]);
        }
        return Buffers.ofDoubles(t, out, r);
    }

    /** Complex arithmetic in double; f32 parts squared cannot overflow or underflow a double. */
    private static void complexBinary(BinaryFn fn, double ar, double ai, double br, double bi, double[] r, int at) {
        switch (fn) {
            case ADD -> {
                r[at] = ar + br;
                r[at + 1] = ai + bi;
            }
            case SUB -> {
                r[at] = ar - br;
                r[at + 1] = ai - bi;
            }
            case MUL -> {
                r[at] = ar * br - ai * bi;
                r[at + 1] = ar * bi + ai * br;
            }
            case DIV -> {
                double d = br * br + bi * bi;
                r[at] = (ar * br + ai * bi) / d;
                r[at + 1] = (ai * br - ar * bi) / d;
            }
            case POW, MAX, MIN -> throw new IllegalStateException(fn + " on complex numbers");
        }
    }

    static Tensor leakyRelu(LeakyRelu op, Tensor x) {
        double alpha = op.alpha();
        return map(x, v -> v >= 0 ? v : alpha * v);
    }

    static Tensor hardSigmoid(HardSigmoid op, Tensor x) {
        double alpha = op.alpha();
        double beta = op.beta();
        return map(x, v -> Math.max(0, Math.min(1, alpha * v + beta)));
    }

    /** As the Javadoc's formula (and ONNX's reference): a NaN is neither below nor above, so it becomes 0. */
    static Tensor shrink(Shrink op, Tensor x) {
        double lambd = op.lambd();
        double bias = op.bias();
        return map(x, v -> v < -lambd ? v + bias : v > lambd ? v - bias : 0);
    }

    /**
     * Floats: {@code min(max(x, min), max)}, so NaN passes. Integers clip to the integers inside the
     * bounds, {@code [ceil(min), floor(max)]}, so the result never leaves them.
     */
    static Tensor clip(Clip op, Tensor x) {
        if (x.dtype().isInteger()) {
            long lo = (long) Math.ceil(op.min());
            long hi = (long) Math.floor(op.max());
            long[] v = Buffers.longs(x);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.min(Math.max(v[i], lo), hi);
            }
            return Buffers.ofLongs(x.dtype(), x.shape(), v);
        }
        double lo = op.min();
        double hi = op.max();
        return map(x, v -> Math.min(Math.max(v, lo), hi));
    }

    /** {@code scale·relu(x)² + bias}, the parameters broadcast to x. */
    static Tensor starRelu(Tensor x, Tensor scale, Tensor bias) {
        int[] shape = x.shape();
        double[] v = Buffers.doubles(x);
        double[] s = Buffers.doubles(scale);
        double[] b = Buffers.doubles(bias);
        int[] is = Index.broadcastMap(scale.shape(), shape);
        int[] ib = Index.broadcastMap(bias.shape(), shape);
        for (int i = 0; i < v.length; i++) {
            double r = ScalarMath.relu(v[i]);
            v[i] = s[is[i]] * r * r + b[ib[i]];
        }
        return Buffers.ofDoubles(x.dtype(), shape, v);
    }

    static Tensor makeComplex(Tensor re, Tensor im, int[] out) {
        int n = Index.size(out);
        int[] ir = Index.broadcastMap(re.shape(), out);
        int[] ii = Index.broadcastMap(im.shape(), out);
        double[] r = Buffers.doubles(re);
        double[] m = Buffers.doubles(im);
        double[] c = new double[2 * n];
        for (int i = 0; i < n; i++) {
            c[2 * i] = r[ir[i]];
            c[2 * i + 1] = m[ii[i]];
        }
        return Buffers.ofComplex(out, c);
    }

    static Tensor complexPart(ComplexPart op, Tensor x) {
        double[] c = Buffers.complex(x);
        double[] part = new double[c.length / 2];
        int offset = op.imaginary() ? 1 : 0;
        for (int i = 0; i < part.length; i++) {
            part[i] = c[2 * i + offset];
        }
        return Buffers.ofDoubles(DType.F32, x.shape(), part);
    }

    /**
     * Integer sources convert from their exact long value, so an i64 rounds once to f32 (never via a
     * double); float sources round or truncate once as {@link Buffers#ofDoubles} does. Integer to
     * narrower integer wraps.
     */
    static Tensor cast(Cast op, Tensor x) {
        DType to = op.to();
        int[] shape = x.shape();
        DType from = x.dtype();
        if (from.isComplex()) {
            return x.copy();
        }
        if (from.isFloat()) {
            return Buffers.ofDoubles(to, shape, Buffers.doubles(x));
        }
        long[] v = Buffers.longs(x);
        return switch (to) {
            case I64, I32, I8, BOOL -> Buffers.ofLongs(to, shape, v);
            case F64 -> Buffers.ofDoubles(to, shape, Arrays.stream(v).asDoubleStream().toArray());
            case F32, C64 -> {
                // Rounding each long straight to float: widening through double first could round twice.
                Tensor t = Tensor.zeros(to, shape);
                for (int i = 0; i < v.length; i++) {
                    float f = (float) v[i];
                    if (to == DType.C64) {
                        t.setComplex(i, f, 0);
                    } else {
                        t.setDouble(i, f);
                    }
                }
                yield t;
            }
        };
    }

    /** Applies {@code f} to every element of a float tensor, in double, rounding once. */
    private static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] v = Buffers.doubles(x);
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return Buffers.ofDoubles(x.dtype(), x.shape(), v);
    }
}
