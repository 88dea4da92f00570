package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.i32;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Conv;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * The compute definition of the N-d grouped convolution (cross-correlation):
 *
 * <pre>
 * out[n, g·Og + o, p...] = bias[g·Og + o]
 *     + Σ_c Σ_k w[g·Og + o, c, k...] · x[n, g·Cg + c, p·stride + k·dilation - padBegin ...]
 * </pre>
 *
 * One kernel: loops over the result in C order (the output channel split into group and channel within
 * the group, so every index stays affine), then the reduction over input channels and kernel taps. Taps
 * that fall in the padding are skipped by a guard, emitted only on the sides of the axes where the geometry
 * can reach the padding, so padding contributes nothing (not 0·w) as in the reference.
 *
 * <p>Precision: accumulates with fma in the reference's order and adds the bias last, in the element type
 * for sums of up to {@link #LONG_SUM} terms. The error of an f32 dot product of length K grows like
 * √K·2⁻²⁴ relative to the norm of its terms (measured: 1.5e-6 normwise for a 4096-tap long convolution),
 * so the K = C/groups·Πk of real networks stay well under 1e-5 while the accumulator can live in f32
 * vector registers once scheduled; longer sums (long filters) accumulate in f64 and round once.
 */
final class ConvCompute {
    /** Sums longer than this accumulate f32 data in f64. */
    static final long LONG_SUM = 1 << 14;

    private ConvCompute() {
    }

    /** The accumulator type for a sum of {@code terms} products of type {@code t}. */
    static ScalarType accumulator(ScalarType t, long terms) {
        return t == ScalarType.F32 && terms > LONG_SUM ? ScalarType.F64 : t;
    }

    static List<Kernel> conv(Site s, Conv op) {
        Site.Operand x = s.in(0);
        Site.Operand w = s.in(1);
        Site.Operand bias = s.optional(2);
        Site.Operand out = s.out();
        int rank = op.spatialRank();
        int[] xd = x.dims();
        int[] wd = w.dims();
        int[] od = out.dims();
        int groups = op.groups();
        int outPerGroup = wd[0] / groups;
        int inPerGroup = wd[1];
        ScalarType t = out.elem();
        Names names = s.names();

        List<String> hints = new ArrayList<>(List.of("n", "g", "o"));
        long[] loopDims = new long[3 + rank];
        loopDims[0] = xd[0];
        loopDims[1] = groups;
        loopDims[2] = outPerGroup;
        for (int d = 0; d < rank; d++) {
            hints.add("p" + d);
            loopDims[3 + d] = od[2 + d];
        }
        Nest outer = Nest.named(names, hints, loopDims);
        Expr n = outer.index(0);
        Expr channel = add(mul(outer.index(1), outPerGroup), outer.index(2));

        List<String> reduceHints = new ArrayList<>(List.of("c"));
        long[] reduceDims = new long[1 + rank];
        reduceDims[0] = inPerGroup;
        for (int d = 0; d < rank; d++) {
            reduceHints.add("k" + d);
            reduceDims[1 + d] = wd[2 + d];
        }
        Nest taps = Nest.named(names, reduceHints, reduceDims);
        Expr c = taps.index(0);

        long[] inStrides = Elementwise.strides(xd);
        long[] wStrides = Elementwise.strides(wd);
        Lets lets = new Lets(names);
        List<Expr> inside = new ArrayList<>();
        Expr xIndex = add(mul(n, inStrides[0]), mul(add(mul(outer.index(1), inPerGroup), c), inStrides[1]));
        Expr wIndex = add(mul(channel, wStrides[0]), mul(c, wStrides[1]));
        for (int d = 0; d < rank; d++) {
            int stride = op.strides().get(d);
            int dilation = op.dilations().get(d);
            int pad = op.padsBegin().get(d);
            int in = xd[2 + d];
            Expr k = taps.index(1 + d);
            Expr pos = Exprs.sub(add(mul(outer.index(3 + d), stride), mul(k, dilation)), i32(pad));
            long last = (long) (od[2 + d] - 1) * stride + (long) (wd[2 + d] - 1) * dilation - pad;
            boolean low = pad > 0;
            boolean high = last >= in;
            if (low || high) {
                pos = lets.let("h" + d, pos);
                if (low) {
                    inside.add(Exprs.le(Exprs.ZERO, pos));
                }
                if (high) {
                    inside.add(Exprs.lt(pos, i32(in)));
                }
            }
            xIndex = add(xIndex, mul(pos, inStrides[2 + d]));
            wIndex = add(wIndex, mul(k, wStrides[2 + d]));
        }
        long terms = inPerGroup * LayoutCompute.product(wd, 2, wd.length);
        ScalarType accType = accumulator(t, terms);
        Buffer acc = names.local("acc", accType, 1);
        Expr sum = load(acc, Exprs.ZERO);
        Stmt update = store(acc, Exprs.ZERO, multiplyAdd(Exprs.convert(accType, load(x.buffer(), xIndex)),
                Exprs.convert(accType, load(w.buffer(), wIndex)), sum));
        Stmt reduction = taps.wrap(lets.wrap(Exprs.guard(Exprs.all(inside), update)));

        Expr result = Exprs.convert(t, bias == null ? sum : add(sum, Exprs.convert(accType, load(bias.buffer(), channel))));
        long[] outStrides = Elementwise.strides(od);
        long plane = od.length > 2 ? outStrides[1] : 1;
        Expr outIndex = add(add(mul(n, outStrides[0]), mul(channel, plane)), spatial(outer, outStrides, rank));
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, Exprs.imm(accType, 0)),
                reduction,
                store(out.buffer(), outIndex, result)));
        return List.of(s.kernel(outer.wrap(body)));
    }

    /** {@code a·b + c}: one fma for floats, wrapping multiply and add for integers. */
    static Expr multiplyAdd(Expr a, Expr b, Expr c) {
        return a.type().isFloat() ? Exprs.fma(a, b, c) : add(mul(a, b), c);
    }

    private static Expr spatial(Nest outer, long[] outStrides, int rank) {
        Expr e = Exprs.ZERO;
        for (int d = 0; d < rank; d++) {
            e = add(e, mul(outer.index(3 + d), outStrides[2 + d]));
        }
        return e;
    }
}
