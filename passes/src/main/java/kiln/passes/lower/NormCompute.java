package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.div;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;
import static kiln.passes.lower.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.LayerNorm;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;

/**
 * Compute definitions of the normalisations. Batch norm is elementwise with per-channel parameters.
 * Layer, instance and group norm are one kernel each: loops over the groups being normalised, and inside
 * three passes over a group — the mean, the biased variance as the mean of squared deviations from it,
 * then the normalised, scaled and shifted result — exactly the reference's two-pass statistics.
 *
 * <p>Precision: everything runs in f64 and rounds once to the element type, as the reference does: sums of
 * a whole plane or layer are long (thousands of terms), and the normalisation divides by a standard
 * deviation that may be small, so f32 statistics could miss the 1e-5 bar on inputs with a large mean.
 */
final class NormCompute {
    private static final ScalarType F64 = ScalarType.F64;

    private NormCompute() {
    }

    static List<Kernel> batchNorm(Site s, BatchNorm op) {
        Site.Operand x = s.in(0);
        int[] dims = x.dims();
        long[] channel = new long[dims.length];
        channel[1] = dims[1] == 1 ? 0 : 1;
        List<Elementwise.Access> ins = new ArrayList<>();
        ins.add(new Elementwise.Access(x.buffer(), Elementwise.strides(dims)));
        for (int i = 1; i < 5; i++) {
            ins.add(new Elementwise.Access(s.in(i).buffer(), channel));
        }
        ScalarType t = x.elem();
        Elementwise.Access out = new Elementwise.Access(s.out().buffer(), Elementwise.strides(dims));
        Stmt body = Elementwise.map(s.names(), Nest.longs(dims), out, ins, (lets, v) -> {
            Expr std = un(UnOp.SQRT, add(wide(v.get(4)), imm(F64, op.epsilon())));
            Expr normal = div(sub(wide(v.get(0)), wide(v.get(3))), std);
            return convert(t, add(mul(normal, wide(v.get(1))), wide(v.get(2))));
        });
        return List.of(s.kernel(body));
    }

    static List<Kernel> layerNorm(Site s, LayerNorm op) {
        Site.Operand x = s.in(0);
        int[] dims = x.dims();
        List<Integer> axes = op.axesFor(dims.length);
        long[] xs = Elementwise.strides(dims);
        Site.Operand scale = s.optional(1);
        Site.Operand bias = s.optional(2);
        List<Site.Operand> params = new ArrayList<>();
        if (scale != null) {
            params.add(scale);
        }
        if (bias != null) {
            params.add(bias);
        }
        // Split the axes into the groups (outer loops) and the normalised part (inner passes).
        List<Integer> outerAxes = new ArrayList<>();
        List<Integer> innerAxes = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            (axes.contains(d) ? innerAxes : outerAxes).add(d);
        }
        List<long[]> fullStrides = new ArrayList<>();
        fullStrides.add(xs);
        for (Site.Operand p : params) {
            fullStrides.add(Elementwise.broadcastStrides(p.dims(), dims));
        }
        Elementwise.Coalesced outer = pick(dims, outerAxes, fullStrides);
        Elementwise.Coalesced inner = pick(dims, innerAxes, fullStrides);
        long count = 1;
        for (int a : innerAxes) {
            count *= dims[a];
        }
        Names names = s.names();
        Nest groups = Nest.over(names, "g", outer.dims());
        List<Expr> base = new ArrayList<>();
        for (int k = 0; k < fullStrides.size(); k++) {
            base.add(Exprs.affine(groups.index(), outer.strides().get(k), 0));
        }
        Stmt passes = threePasses(names, inner, count, op.epsilon(), base, x, s.out().buffer(), (lets, normal, at) -> {
            Expr v = normal;
            int k = 1;
            if (scale != null) {
                v = mul(v, wide(load(scale.buffer(), at.get(k++))));
            }
            if (bias != null) {
                v = add(v, wide(load(bias.buffer(), at.get(k))));
            }
            return v;
        });
        return List.of(s.kernel(groups.wrap(passes)));
    }

    /**
     * Instance norm ({@code blocks} = channels) and group norm: each image's channels fall into
     * {@code blocks} consecutive runs, each normalised over its channels and positions, then scaled and
     * shifted per channel.
     */
    static List<Kernel> blockNorm(Site s, int blocks, double epsilon) {
        Site.Operand x = s.in(0);
        Site.Operand scale = s.optional(1);
        Site.Operand bias = s.optional(2);
        int[] dims = x.dims();
        long plane = LayoutCompute.product(dims, 2, dims.length);
        long perBlock = dims[1] / blocks;
        Names names = s.names();
        Nest groups = Nest.named(names, List.of("n", "g"), new long[] {dims[0], blocks});
        Expr channel0 = mul(groups.index(1), perBlock);
        Expr base = mul(add(mul(groups.index(0), dims[1]), channel0), plane);
        // Within a block: channel-in-block (stride plane), position (stride 1); the parameters follow the channel.
        Elementwise.Coalesced inner = new Elementwise.Coalesced(new long[] {perBlock, plane},
                List.of(new long[] {plane, 1}, new long[] {1, 0}));
        List<Expr> bases = List.of(base, channel0);
        Stmt passes = threePasses(names, inner, perBlock * plane, epsilon, bases, x, s.out().buffer(),
                (lets, normal, at) -> scale == null ? normal
                        : add(mul(normal, wide(load(scale.buffer(), at.get(1)))), wide(load(bias.buffer(), at.get(1)))));
        return List.of(s.kernel(groups.wrap(passes)));
    }

    /** The affine part after normalisation: {@code normal} (f64) to the f64 result, given positions of the parameters. */
    @FunctionalInterface
    private interface Affine {
        Expr apply(Lets lets, Expr normal, List<Expr> at);
    }

    /**
     * Mean, biased variance and normalised result of one group, whose elements are at
     * {@code bases[0] + Σ index·inner.strides[0]}; {@code bases[k]}, {@code inner.strides[k]} locate the
     * {@code k}th parameter for the affine part.
     */
    private static Stmt threePasses(Names names, Elementwise.Coalesced inner, long count, double epsilon,
            List<Expr> bases, Site.Operand x, Buffer out, Affine affine) {
        ScalarType t = x.elem();
        Buffer sum = names.local("sum", F64, 1);
        Buffer sq = names.local("sq", F64, 1);
        Expr.Var mean = names.var("mean", F64);
        Expr.Var std = names.var("std", F64);

        Nest first = Nest.over(names, "e", inner.dims());
        Expr v1 = wide(load(x.buffer(), at(first, inner, 0, bases)));
        Stmt meanPass = first.wrap(store(sum, Exprs.ZERO, add(load(sum, Exprs.ZERO), v1)));

        Nest second = Nest.over(names, "e", inner.dims());
        Lets lets2 = new Lets(names);
        Expr dev = lets2.let("dev", sub(wide(load(x.buffer(), at(second, inner, 0, bases))), mean));
        Stmt varPass = second.wrap(lets2.wrap(store(sq, Exprs.ZERO, add(load(sq, Exprs.ZERO), mul(dev, dev)))));

        Nest third = Nest.over(names, "e", inner.dims());
        Lets lets3 = new Lets(names);
        Expr xAt = lets3.let("at", at(third, inner, 0, bases));
        Expr normal = div(sub(wide(load(x.buffer(), xAt)), mean), std);
        List<Expr> positions = new ArrayList<>();
        positions.add(xAt);
        for (int k = 1; k < bases.size(); k++) {
            positions.add(at(third, inner, k, bases));
        }
        Expr result = affine.apply(lets3, normal, positions);
        Stmt normPass = third.wrap(lets3.wrap(store(out, xAt, convert(t, result))));

        Expr n = imm(F64, count);
        Stmt afterMean = new Stmt.Let(mean, div(load(sum, Exprs.ZERO), n), Stmt.seq(
                store(sq, Exprs.ZERO, imm(F64, 0)),
                varPass,
                new Stmt.Let(std, un(UnOp.SQRT, add(div(load(sq, Exprs.ZERO), n), imm(F64, epsilon))), normPass)));
        return new Stmt.Allocate(sum, new Stmt.Allocate(sq, Stmt.seq(
                store(sum, Exprs.ZERO, imm(F64, 0)),
                meanPass,
                afterMean)));
    }

    private static Expr at(Nest nest, Elementwise.Coalesced inner, int k, List<Expr> bases) {
        return add(bases.get(k), Exprs.affine(nest.index(), inner.strides().get(k), 0));
    }

    /** The axes {@code which} of {@code dims}, coalesced for the given accesses' strides. */
    private static Elementwise.Coalesced pick(int[] dims, List<Integer> which, List<long[]> strides) {
        long[] d = new long[which.size()];
        List<Elementwise.Access> accesses = new ArrayList<>();
        for (long[] st : strides) {
            long[] sub = new long[which.size()];
            for (int i = 0; i < which.size(); i++) {
                sub[i] = st[which.get(i)];
            }
            accesses.add(new Elementwise.Access(null, sub));
        }
        for (int i = 0; i < which.size(); i++) {
            d[i] = dims[which.get(i)];
        }
        return Elementwise.coalesce(d, accesses);
    }

    private static Expr wide(Expr e) {
        return convert(F64, e);
    }

    private static Expr un(UnOp op, Expr e) {
        return Exprs.un(op, e);
    }
}
