package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Resize;
import kiln.ir.interp.ResizeTaps;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * The compute definition of {@link Resize}. With static shapes every axis is a fixed map from output to input
 * positions, which {@link ResizeTaps} (the reference's own definition) gives as taps: each axis that does not
 * line up becomes constant tables of input offsets and weights (named after the axis's lengths), so the
 * kernel only loads, multiplies and adds.
 * An axis whose output position o reads input position o is just the loop index.
 *
 * <p>When every axis has a single tap the kernel copies elements (any dtype, bits unchanged). Otherwise it sums
 * {@code (w₀·w₁·…)·x} in f64 over the taps, the axes nested outermost first, and rounds once: the reference's
 * sum in the reference's order, so the result is the same to the bit. Output elements whose source is outside
 * the input (crop-and-resize) store the extrapolation value instead.
 */
final class ResizeCompute {
    private ResizeCompute() {
    }

    static List<Kernel> resize(Site s, Resize op) {
        Site.Operand x = s.in(0);
        Site.Operand out = s.out();
        if (out.count() == 0) {
            return List.of(s.kernel(Stmt.seq()));
        }
        int[] in = x.dims();
        int[] od = out.dims();
        int rank = in.length;
        long[] inStrides = Elementwise.strides(in);
        Names names = s.names();
        Nest outer = Nest.over(names, "o", od);
        Lets lets = new Lets(names);
        List<Expr> inside = new ArrayList<>();
        List<Integer> multi = new ArrayList<>();
        ResizeTaps[] axes = new ResizeTaps[rank];
        Expr base = Exprs.ZERO;
        for (int d = 0; d < rank; d++) {
            axes[d] = ResizeTaps.of(op, d, in[d], od[d]);
            ResizeTaps t = axes[d];
            String key = key(in[d], od[d]);
            Expr o = outer.index(d);
            if (t.anyOutside()) {
                inside.add(load(s.table(key + "_inside", ScalarType.BOOL, insideTable(t)), o));
            }
            if (t.taps() > 1) {
                multi.add(d);
            } else if (t.isIdentity()) {
                base = add(base, mul(o, inStrides[d]));
            } else {
                Buffer offsets = s.table(key + "_at", ScalarType.I32, offsets(t, inStrides[d]));
                base = add(base, load(offsets, o));
            }
        }
        base = lets.let("base", base);
        Expr dst = Exprs.affine(outer.index(), Elementwise.strides(od), 0);
        Stmt compute = multi.isEmpty() ? store(out.buffer(), dst, load(x.buffer(), base))
                : sum(s, axes, multi, outer, base, dst, names);
        Stmt body = inside.isEmpty() ? compute
                : new Stmt.If(lets.let("inside", Exprs.all(inside)), compute,
                        LayoutCompute.fill(out, dst, op.extrapolation()));
        return List.of(s.kernel(outer.wrap(lets.wrap(body))));
    }

    /** {@code out[dst] = Σ (w₀·w₁·…)·x[base + offsets]} over the taps of the multi-tap axes, in f64. */
    private static Stmt sum(Site s, ResizeTaps[] axes, List<Integer> multi, Nest outer, Expr base, Expr dst,
            Names names) {
        Site.Operand x = s.in(0);
        Site.Operand out = s.out();
        long[] inStrides = Elementwise.strides(x.dims());
        List<String> hints = new ArrayList<>();
        long[] tapDims = new long[multi.size()];
        for (int k = 0; k < multi.size(); k++) {
            hints.add("t" + multi.get(k));
            tapDims[k] = axes[multi.get(k)].taps();
        }
        Nest taps = Nest.named(names, hints, tapDims);
        Lets tapLets = new Lets(names);
        Expr weight = null;
        Expr src = base;
        for (int k = 0; k < multi.size(); k++) {
            int d = multi.get(k);
            ResizeTaps t = axes[d];
            String key = key(x.dim(d), out.dim(d));
            Buffer weights = s.table(key + "_w", ScalarType.F64, Tensor.ofDoubles(new int[] {t.weight().length},
                    t.weight()));
            Buffer offsets = s.table(key + "_at", ScalarType.I32, offsets(t, inStrides[d]));
            Expr at = tapLets.let("j" + d, add(mul(outer.index(d), t.taps()), taps.index(k)));
            Expr w = load(weights, at);
            weight = weight == null ? w : mul(weight, w);
            src = add(src, load(offsets, at));
        }
        ScalarType f64 = ScalarType.F64;
        Buffer acc = names.local("acc", f64, 1);
        Expr value = convert(f64, load(x.buffer(), tapLets.let("src", src)));
        Stmt update = store(acc, Exprs.ZERO, add(load(acc, Exprs.ZERO), mul(tapLets.let("w", weight), value)));
        return new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, imm(f64, 0)),
                taps.wrap(tapLets.wrap(update)),
                store(out.buffer(), dst, convert(out.elem(), load(acc, Exprs.ZERO)))));
    }

    /** Each tap's input position times the axis stride: the offset it adds to the flat input index. */
    private static Tensor offsets(ResizeTaps t, long stride) {
        int[] v = new int[t.index().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.toIntExact(t.index()[i] * stride);
        }
        return Tensor.ofInts(new int[] {v.length}, v);
    }

    private static Tensor insideTable(ResizeTaps t) {
        Tensor b = Tensor.zeros(DType.BOOL, t.outside().length);
        for (int i = 0; i < t.outside().length; i++) {
            b.setLong(i, t.outside()[i] ? 0 : 1);
        }
        return b;
    }

    /** The name of an axis's tables; tables of equal names but different data get numbered names. */
    private static String key(int in, int out) {
        return "resize" + in + "to" + out;
    }
}
