package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.i32;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.lt;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.select;
import static kiln.passes.lower.Exprs.store;
import static kiln.passes.lower.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Compute definitions of the ops that move elements without arithmetic: transpose, split, concat, slice,
 * pad, gather and gather-elements, plus the flat copy used where an output must not share storage. They load
 * and store elements unchanged, so they are exact for every dtype (a c64 element moves as its two f32 halves).
 */
final class LayoutCompute {
    private LayoutCompute() {
    }

    static List<Kernel> transpose(Site s, Transpose op) {
        Site.Operand x = s.in(0);
        long[] in = Elementwise.strides(x.dims());
        long[] strides = new long[in.length];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = in[op.perm().get(i)];
        }
        return List.of(s.kernel(copy(s.names(), s.out(), x, strides, 0, s.out().dims(), 0)));
    }

    static List<Kernel> slice(Site s, Slice op) {
        Site.Operand x = s.in(0);
        Slice.Range[] ranges = op.resolve(x.type().shape());
        long[] in = Elementwise.strides(x.dims());
        long[] strides = new long[in.length];
        long offset = 0;
        for (int d = 0; d < ranges.length; d++) {
            strides[d] = in[d] * ranges[d].step();
            offset += ranges[d].start() * in[d];
        }
        if (s.out().count() == 0) {
            // Nothing is read: an empty window may start one past the end.
            offset = 0;
        }
        return List.of(s.kernel(copy(s.names(), s.out(), x, strides, offset, s.out().dims(), 0)));
    }

    /** One kernel per piece, each copying its slab of the input. */
    static List<Kernel> split(Site s, Split op) {
        Site.Operand x = s.in(0);
        int a = x.type().shape().axis(op.axis(), op.name());
        long[] in = Elementwise.strides(x.dims());
        List<Kernel> kernels = new ArrayList<>();
        long from = 0;
        for (int k = 0; k < s.outputs().size(); k++) {
            Site.Operand out = s.outputs().get(k);
            long offset = out.count() == 0 ? 0 : from * in[a];
            kernels.add(s.kernel(Integer.toString(k), copy(s.names(), out, x, in, offset, out.dims(), 0)));
            from += op.sizes().get(k);
        }
        return kernels;
    }

    /** One kernel: a copy nest per input, each into its slab of the result. */
    static List<Kernel> concat(Site s, Concat op) {
        Site.Operand out = s.out();
        int a = out.type().shape().axis(op.axis(), op.name());
        long[] outStrides = Elementwise.strides(out.dims());
        Names names = s.names();
        List<Stmt> nests = new ArrayList<>();
        long at = 0;
        for (Site.Operand x : s.inputs()) {
            // The input is read in C order; the result is written at the input's offset along the axis.
            nests.add(copyInto(names, out, outStrides, at * outStrides[a], x));
            at += x.dim(a);
        }
        return List.of(s.kernel(Stmt.seq(nests.toArray(Stmt[]::new))));
    }

    static List<Kernel> pad(Site s, Pad op) {
        Site.Operand x = s.in(0);
        Site.Operand out = s.out();
        int[] in = x.dims();
        long[] inStrides = Elementwise.strides(in);
        Names names = s.names();
        Nest nest = Nest.over(names, "i", out.dims());
        Lets lets = new Lets(names);
        List<Expr> inside = new ArrayList<>();
        Expr src = Exprs.ZERO;
        for (int d = 0; d < in.length; d++) {
            int begin = op.padsBegin().get(d);
            int end = op.padsEnd().get(d);
            Expr p = sub(nest.index(d), i32(begin));
            Expr n = i32(in[d]);
            Expr pos = switch (op.mode()) {
                case CONSTANT -> {
                    if (begin > 0) {
                        inside.add(Exprs.le(Exprs.ZERO, p));
                    }
                    if (end > 0) {
                        inside.add(lt(p, n));
                    }
                    yield p;
                }
                // One reflection lands inside: type inference keeps the pads shorter than the axis.
                case REFLECT -> {
                    Expr q = begin > 0 ? select(lt(p, Exprs.ZERO), Exprs.neg(p), p) : p;
                    yield end > 0 ? select(Exprs.le(n, p), sub(i32(2L * (in[d] - 1)), p), q) : q;
                }
                case EDGE -> {
                    Expr q = begin > 0 ? Exprs.max(p, Exprs.ZERO) : p;
                    yield end > 0 ? Exprs.min(q, i32(in[d] - 1)) : q;
                }
            };
            if (begin != 0 || end != 0) {
                pos = lets.let("p" + d, pos);
            }
            src = add(src, mul(pos, inStrides[d]));
        }
        Expr dst = Exprs.affine(nest.index(), Elementwise.strides(out.dims()), 0);
        Stmt copy = element(out, dst, x.buffer(), src);
        Stmt body = copy;
        if (op.mode() == PadMode.CONSTANT && !inside.isEmpty()) {
            Expr cond = lets.let("inside", Exprs.all(inside));
            body = new Stmt.If(cond, copy, fill(out, dst, op.value()));
        }
        return List.of(s.kernel(nest.wrap(lets.wrap(body))));
    }

    /**
     * {@code out[pre, j, post] = data[pre, k, post]} with {@code k = indices[j]}, counted from the end when
     * negative. An index out of range makes the load index -1, so it traps instead of reading a neighbour.
     */
    static List<Kernel> gather(Site s, Gather op) {
        Site.Operand data = s.in(0);
        Site.Operand indices = s.in(1);
        Site.Operand out = s.out();
        int[] d = data.dims();
        int a = data.type().shape().axis(op.axis(), op.name());
        long outer = product(d, 0, a);
        long len = d[a];
        long inner = product(d, a + 1, d.length);
        Names names = s.names();
        Nest nest = Nest.named(names, List.of("o", "j", "i"), new long[] {outer, indices.count(), inner});
        Lets lets = new Lets(names);
        ScalarType it = indices.elem();
        Expr raw = lets.let("raw", load(indices.buffer(), nest.index(1)));
        Expr k = lets.let("k", select(lt(raw, Exprs.intImm(it, 0)), add(raw, Exprs.intImm(it, len)), raw));
        Expr ok = Exprs.and(Exprs.le(Exprs.intImm(it, 0), k), lt(k, Exprs.intImm(it, len)));
        Expr row = Exprs.convert(ScalarType.I32, k);
        Expr flat = add(mul(add(mul(nest.index(0), len), row), inner), nest.index(2));
        Expr src = lets.let("src", select(ok, flat, i32(-1)));
        Expr dst = Exprs.affine(nest.index(), new long[] {indices.count() * inner, inner, 1}, 0);
        return List.of(s.kernel(nest.wrap(lets.wrap(element(out, dst, data.buffer(), src)))));
    }

    /**
     * {@code out[i] = data[i with its axis coordinate replaced by k]}, {@code k = indices[i]} counted from the end
     * when negative. As in {@link #gather}, an index out of range makes the load index -1, so it traps.
     */
    static List<Kernel> gatherElements(Site s, GatherElements op) {
        Site.Operand data = s.in(0);
        Site.Operand indices = s.in(1);
        Site.Operand out = s.out();
        int a = data.type().shape().axis(op.axis(), op.name());
        long len = data.dim(a);
        long[] dataStrides = Elementwise.strides(data.dims());
        Names names = s.names();
        Nest nest = Nest.over(names, "i", indices.dims());
        Lets lets = new Lets(names);
        ScalarType it = indices.elem();
        Expr dst = lets.let("at", Exprs.affine(nest.index(), Elementwise.strides(indices.dims()), 0));
        Expr raw = lets.let("raw", load(indices.buffer(), dst));
        Expr k = lets.let("k", select(lt(raw, Exprs.intImm(it, 0)), add(raw, Exprs.intImm(it, len)), raw));
        Expr ok = Exprs.and(Exprs.le(Exprs.intImm(it, 0), k), lt(k, Exprs.intImm(it, len)));
        long[] others = dataStrides.clone();
        others[a] = 0;
        Expr flat = add(Exprs.affine(nest.index(), others, 0), mul(Exprs.convert(ScalarType.I32, k), dataStrides[a]));
        Expr src = lets.let("src", select(ok, flat, i32(-1)));
        return List.of(s.kernel(nest.wrap(lets.wrap(element(out, dst, data.buffer(), src)))));
    }

    /** {@code dst[i] = src[i]} for {@code i < n}. */
    static Stmt flatCopy(Names names, Buffer src, Buffer dst, long n) {
        Nest nest = Nest.over(names, "i", new long[] {n});
        return nest.wrap(store(dst, nest.index(0), load(src, nest.index(0))));
    }

    /** A copy writing {@code out} in C order, reading {@code x} at {@code offset + Σ index·strides}. */
    private static Stmt copy(Names names, Site.Operand out, Site.Operand x, long[] strides, long offset, int[] dims,
            long outOffset) {
        boolean complex = x.complex();
        long[] loopDims = complex ? Elementwise.pairs(dims) : Nest.longs(dims);
        long[] inStrides = complex ? Elementwise.pairs(strides) : strides;
        long[] outStrides = complex ? Elementwise.pairs(Elementwise.strides(dims)) : Elementwise.strides(dims);
        long scale = complex ? 2 : 1;
        return Elementwise.map(names, loopDims, new Elementwise.Access(out.buffer(), outStrides, scale * outOffset),
                List.of(new Elementwise.Access(x.buffer(), inStrides, scale * offset)), (lets, v) -> v.getFirst());
    }

    /** A copy of all of {@code x} into {@code out} at {@code outOffset}, walking {@code out} with {@code outStrides}. */
    private static Stmt copyInto(Names names, Site.Operand out, long[] outStrides, long outOffset, Site.Operand x) {
        int[] dims = x.dims();
        boolean complex = x.complex();
        long[] loopDims = complex ? Elementwise.pairs(dims) : Nest.longs(dims);
        long[] inStrides = complex ? Elementwise.pairs(Elementwise.strides(dims)) : Elementwise.strides(dims);
        long[] o = complex ? Elementwise.pairs(outStrides) : outStrides;
        long scale = complex ? 2 : 1;
        return Elementwise.map(names, loopDims, new Elementwise.Access(out.buffer(), o, scale * outOffset),
                List.of(new Elementwise.Access(x.buffer(), inStrides)), (lets, v) -> v.getFirst());
    }

    /** Stores element {@code src} of {@code x} as element {@code dst} of {@code out}, both halves for c64. */
    private static Stmt element(Site.Operand out, Expr dst, Buffer x, Expr src) {
        if (!out.complex()) {
            return store(out.buffer(), dst, load(x, src));
        }
        return Stmt.seq(store(out.buffer(), mul(dst, 2), load(x, mul(src, 2))),
                store(out.buffer(), add(mul(dst, 2), Exprs.ONE), load(x, add(mul(src, 2), Exprs.ONE))));
    }

    /** Stores the pad value, converted as a tensor element of the result's dtype would be. */
    static Stmt fill(Site.Operand out, Expr dst, double value) {
        TensorType t = out.type();
        return switch (t.dtype()) {
            case C64 -> Stmt.seq(store(out.buffer(), mul(dst, 2), Exprs.imm(ScalarType.F32, value)),
                    store(out.buffer(), add(mul(dst, 2), Exprs.ONE), Exprs.imm(ScalarType.F32, 0)));
            case F32 -> store(out.buffer(), dst, Exprs.imm(ScalarType.F32, value));
            case F64 -> store(out.buffer(), dst, Exprs.imm(ScalarType.F64, value));
            case I64 -> store(out.buffer(), dst, Exprs.intImm(ScalarType.I64, (long) value));
            case I32 -> store(out.buffer(), dst, Exprs.intImm(ScalarType.I32, (int) value));
            case I8 -> store(out.buffer(), dst, Exprs.intImm(ScalarType.I8, (byte) (long) value));
            case BOOL -> store(out.buffer(), dst, Exprs.intImm(ScalarType.BOOL, value != 0 ? 1 : 0));
        };
    }

    static long product(int[] dims, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }
}
