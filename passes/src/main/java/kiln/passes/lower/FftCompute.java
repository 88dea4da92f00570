package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.eq;
import static kiln.passes.lower.Exprs.i32;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.select;
import static kiln.passes.lower.Exprs.store;
import static kiln.passes.lower.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.Rfft;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.runtime.Tensor;

/**
 * Compute definitions of the real Fourier transform pair, as direct DFT sums, one kernel per transformed
 * axis (separable, in the reference's order: rfft transforms the last axis first, irfft the last axis
 * last). Each kernel loops over its result in C order with the sum over the axis inside. Cutting an axis
 * short reads fewer terms; zero-padding it reads none of the missing ones.
 *
 * <p>Twiddles come from a constant table of {@code cos, sin} of {@code 2πj/n}, {@code j < n}, computed in
 * f64 at compile time exactly as the reference computes its own, and indexed by {@code k·t mod n} reduced
 * in integers, so no angle loses bits however long the axis. Sums run in f64 and intermediate spectra
 * between kernels are f64 scratch, so the result rounds once to f32, as the reference's does. O(n²) per
 * axis: a later pass replaces these sums by FFT-as-matmul stages.
 */
final class FftCompute {
    private static final ScalarType F64 = ScalarType.F64;

    private FftCompute() {
    }

    /** A tensor between stages: its buffer, dims, and whether it holds complex pairs (f32 or f64). */
    private record Signal(Buffer buffer, int[] dims, boolean complex) {
        long count() {
            return LayoutCompute.product(dims, 0, dims.length);
        }

        Expr re(Expr element) {
            return convert(F64, load(buffer, complex ? mul(element, 2) : element));
        }

        Expr im(Expr element) {
            return convert(F64, load(buffer, add(mul(element, 2), Exprs.ONE)));
        }
    }

    static List<Kernel> rfft(Site s, Rfft op) {
        List<Integer> lengths = op.lengths();
        int[] dims = s.in(0).dims();
        int rank = dims.length;
        int first = rank - lengths.size();
        double scale = scale(op.norm(), lengths, false);
        List<Kernel> kernels = new ArrayList<>();
        Signal cur = new Signal(s.in(0).buffer(), dims, false);
        int n = lengths.getLast();
        int[] next = cur.dims().clone();
        next[rank - 1] = n / 2 + 1;
        boolean last = lengths.size() == 1;
        Signal out = last ? new Signal(s.out().buffer(), next, true) : scratch(s, next);
        kernels.add(s.kernel(suffix(lengths, rank - 1), dft(s, cur, out, rank - 1, n, false, last ? scale : 1)));
        cur = out;
        for (int a = first; a < rank - 1; a++) {
            next = cur.dims().clone();
            next[a] = lengths.get(a - first);
            last = a == rank - 2;
            out = last ? new Signal(s.out().buffer(), next, true) : scratch(s, next);
            kernels.add(s.kernel(suffix(lengths, a), dft(s, cur, out, a, next[a], false, last ? scale : 1)));
            cur = out;
        }
        return kernels;
    }

    static List<Kernel> irfft(Site s, Irfft op) {
        List<Integer> lengths = op.lengths();
        int[] dims = s.in(0).dims();
        int rank = dims.length;
        int first = rank - lengths.size();
        List<Kernel> kernels = new ArrayList<>();
        Signal cur = new Signal(s.in(0).buffer(), dims, true);
        for (int a = first; a < rank - 1; a++) {
            int[] next = cur.dims().clone();
            next[a] = lengths.get(a - first);
            Signal out = scratch(s, next);
            kernels.add(s.kernel(suffix(lengths, a), dft(s, cur, out, a, next[a], true, 1)));
            cur = out;
        }
        int[] next = cur.dims().clone();
        next[rank - 1] = lengths.getLast();
        Signal out = new Signal(s.out().buffer(), next, false);
        double scale = scale(op.norm(), lengths, true);
        kernels.add(s.kernel(suffix(lengths, rank - 1), hermitian(s, cur, out, lengths.getLast(), scale)));
        return kernels;
    }

    /**
     * One DFT along {@code axis}: {@code out[.., k, ..] = scale · Σ_{t < min(in, n)} in[.., t, ..]·e^(∓2πi·kt/n)}
     * (minus forward, plus inverse), for a real or complex input and a complex result.
     */
    private static Stmt dft(Site s, Signal in, Signal out, int axis, int n, boolean inverse, double scale) {
        Names names = s.names();
        Buffer twiddle = twiddles(s, n);
        Nest nest = Nest.over(names, "i", out.dims());
        Expr.Var t = names.index("t");
        long[] inStrides = Elementwise.strides(in.dims());
        Expr at = add(offsetWithout(nest, inStrides, axis), mul(t, inStrides[axis]));
        Expr k = nest.index(axis);
        Lets lets = new Lets(names);
        Expr e = lets.let("e", at);
        Expr r = lets.let("r", angle(k, t, n));
        Expr cos = lets.let("cos", load(twiddle, mul(r, 2)));
        Expr sin = lets.let("sin", load(twiddle, add(mul(r, 2), Exprs.ONE)));
        Buffer acc = names.local("acc", F64, 2);
        Expr accRe = load(acc, Exprs.ZERO);
        Expr accIm = load(acc, Exprs.ONE);
        Stmt update;
        if (!in.complex()) {
            Expr x = lets.let("x", in.re(e));
            update = Stmt.seq(store(acc, Exprs.ZERO, add(accRe, mul(x, cos))),
                    store(acc, Exprs.ONE, sub(accIm, mul(x, sin))));
        } else {
            Expr xr = lets.let("xr", in.re(e));
            Expr xi = lets.let("xi", in.im(e));
            // (xr + i·xi)(cos ∓ i·sin).
            Expr re = inverse ? sub(mul(xr, cos), mul(xi, sin)) : add(mul(xr, cos), mul(xi, sin));
            Expr im = inverse ? add(mul(xi, cos), mul(xr, sin)) : sub(mul(xi, cos), mul(xr, sin));
            update = Stmt.seq(store(acc, Exprs.ZERO, add(accRe, re)), store(acc, Exprs.ONE, add(accIm, im)));
        }
        long terms = Math.min(in.dims()[axis], n);
        Expr o = Exprs.affine(nest.index(), Elementwise.strides(out.dims()), 0);
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, imm(F64, 0)),
                store(acc, Exprs.ONE, imm(F64, 0)),
                Nest.loop(t, terms, lets.wrap(update)),
                storePair(out, o, scaled(accRe, scale), scaled(accIm, scale))));
        return nest.wrap(body);
    }

    /**
     * The inverse of each last-axis line read as the half-spectrum of a real signal of length n: bin
     * {@code k > n/2} is the conjugate of bin {@code n - k}; the imaginary parts of bin 0 and of bin n/2 for
     * even n are ignored, and bins past the input's are zero. The real part of the sum is
     * {@code Σ_k re[src]·cos - sign_k·im[src]·sin}.
     */
    private static Stmt hermitian(Site s, Signal in, Signal out, int n, double scale) {
        Names names = s.names();
        Buffer twiddle = twiddles(s, n);
        Nest nest = Nest.over(names, "i", out.dims());
        int rank = out.dims().length;
        Expr.Var k = names.index("k");
        long bins = in.dims()[rank - 1];
        long[] inStrides = Elementwise.strides(in.dims());
        Lets lets = new Lets(names);
        Expr twoK = mul(k, 2);
        Expr src = lets.let("src", select(Exprs.le(twoK, i32(n)), k, sub(i32(n), k)));
        Expr e = lets.let("e", add(offsetWithout(nest, inStrides, rank - 1), src));
        Expr r = lets.let("r", angle(k, nest.index(rank - 1), n));
        Expr sign = select(Exprs.or(eq(k, Exprs.ZERO), eq(twoK, i32(n))), imm(F64, 0),
                select(Exprs.lt(twoK, i32(n)), imm(F64, 1), imm(F64, -1)));
        Expr cos = load(twiddle, mul(r, 2));
        Expr sin = load(twiddle, add(mul(r, 2), Exprs.ONE));
        Buffer acc = names.local("acc", F64, 1);
        Expr term = sub(mul(in.re(e), cos), mul(mul(sign, in.im(e)), sin));
        Stmt update = store(acc, Exprs.ZERO, add(load(acc, Exprs.ZERO), term));
        if (bins < n / 2 + 1) {
            update = Exprs.guard(Exprs.lt(src, i32(bins)), update);
        }
        Expr o = Exprs.affine(nest.index(), Elementwise.strides(out.dims()), 0);
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, imm(F64, 0)),
                Nest.loop(k, n, lets.wrap(update)),
                store(out.buffer(), o, convert(ScalarType.F32, scaled(load(acc, Exprs.ZERO), scale)))));
        return nest.wrap(body);
    }

    /** {@code k·t mod n}, in i64 where the product could pass 2³¹. */
    private static Expr angle(Expr k, Expr t, int n) {
        if ((long) (n - 1) * (n - 1) <= Integer.MAX_VALUE) {
            return Exprs.bin(BinOp.MOD, mul(k, t), i32(n));
        }
        ScalarType l = ScalarType.I64;
        return convert(ScalarType.I32, Exprs.bin(BinOp.MOD, mul(convert(l, k), convert(l, t)), Exprs.intImm(l, n)));
    }

    /** The position in {@code nest}'s tensor of the element at its indices, with the index along {@code axis} left out. */
    private static Expr offsetWithout(Nest nest, long[] strides, int axis) {
        long[] s = strides.clone();
        s[axis] = 0;
        return Exprs.affine(nest.index(), s, 0);
    }

    private static Stmt storePair(Signal out, Expr element, Expr re, Expr im) {
        ScalarType t = out.buffer().type();
        return Stmt.seq(store(out.buffer(), mul(element, 2), convert(t, re)),
                store(out.buffer(), add(mul(element, 2), Exprs.ONE), convert(t, im)));
    }

    private static Expr scaled(Expr v, double scale) {
        return scale == 1 ? v : mul(v, imm(F64, scale));
    }

    private static Signal scratch(Site s, int[] dims) {
        long count = LayoutCompute.product(dims, 0, dims.length);
        return new Signal(s.scratch("spectrum", F64, 2 * count), dims, true);
    }

    private static String suffix(List<Integer> lengths, int axis) {
        return lengths.size() == 1 ? "" : "axis" + axis;
    }

    /** The shared table of {@code cos(2πj/n), sin(2πj/n)} pairs, computed as the reference computes its twiddles. */
    private static Buffer twiddles(Site s, int n) {
        double[] table = new double[2 * n];
        for (int j = 0; j < n; j++) {
            double angle = 2 * Math.PI * j / n;
            table[2 * j] = Math.cos(angle);
            table[2 * j + 1] = Math.sin(angle);
        }
        return s.table("twiddle_" + n, F64, Tensor.ofDoubles(new int[] {2 * n}, table));
    }

    private static double scale(FftNorm norm, List<Integer> lengths, boolean inverse) {
        double total = 1;
        for (int len : lengths) {
            total *= len;
        }
        return switch (norm) {
            case BACKWARD -> inverse ? 1 / total : 1;
            case ORTHO -> 1 / Math.sqrt(total);
            case FORWARD -> inverse ? 1 : 1 / total;
        };
    }
}
