package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.i32;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Compute definitions of windowed and global pooling. A window of {@link Pool} starts at
 * {@code p·stride - padBegin} and has a tap every {@code dilation}; taps outside the input are skipped.
 * Max keeps the largest tap as {@code max} orders them (NaN wins, +0 beats -0). Average divides the sum by
 * the taps inside the input, or with {@code countIncludePad} by the taps inside the padded extent: where
 * some window can reach the padding, a counter beside the sum counts them, so ceil-mode partial windows
 * divide as in PyTorch; otherwise the divisor is the constant window size.
 *
 * <p>Precision: windows are small, so the windowed average sums in the element type; the global average
 * sums a whole plane (often thousands of positions) and does so in f64, rounding once.
 */
final class PoolCompute {
    private PoolCompute() {
    }

    static List<Kernel> pool(Site s, Pool op) {
        Site.Operand x = s.in(0);
        Site.Operand out = s.out();
        int rank = op.spatialRank();
        int[] xd = x.dims();
        int[] od = out.dims();
        ScalarType t = out.elem();
        boolean max = op.kind() == PoolKind.MAX;
        Names names = s.names();
        List<String> hints = new ArrayList<>(List.of("q"));
        long[] dims = new long[1 + rank];
        dims[0] = (long) xd[0] * xd[1];
        List<String> tapHints = new ArrayList<>();
        long[] tapDims = new long[rank];
        for (int d = 0; d < rank; d++) {
            hints.add("p" + d);
            dims[1 + d] = od[2 + d];
            tapHints.add("k" + d);
            tapDims[d] = op.kernel().get(d);
        }
        Nest outer = Nest.named(names, hints, dims);
        Nest taps = Nest.named(names, tapHints, tapDims);
        long[] inStrides = Elementwise.strides(xd);
        long plane = LayoutCompute.product(xd, 2, xd.length);
        Lets lets = new Lets(names);
        List<Expr> inside = new ArrayList<>();
        List<Expr> padded = new ArrayList<>();
        Expr xAt = mul(outer.index(0), plane);
        long windowSize = 1;
        for (int d = 0; d < rank; d++) {
            int in = xd[2 + d];
            int stride = op.strides().get(d);
            int dilation = op.dilations().get(d);
            int begin = op.padsBegin().get(d);
            int end = op.padsEnd().get(d);
            Expr pos = Exprs.sub(add(mul(outer.index(1 + d), stride), mul(taps.index(d), dilation)), i32(begin));
            long last = (long) (od[2 + d] - 1) * stride - begin + (long) (op.kernel().get(d) - 1) * dilation;
            boolean low = begin > 0;
            boolean high = last >= in;
            if (low || high) {
                pos = lets.let("h" + d, pos);
                if (low) {
                    inside.add(Exprs.le(Exprs.ZERO, pos));
                }
                if (high) {
                    inside.add(Exprs.lt(pos, i32(in)));
                    // Leading padding always counts; trailing only up to padEnd (ceil mode may pass it).
                    if (last >= (long) in + end) {
                        padded.add(Exprs.lt(pos, i32((long) in + end)));
                    }
                }
            }
            xAt = add(xAt, mul(pos, inStrides[2 + d]));
            windowSize *= op.kernel().get(d);
        }
        Buffer acc = names.local("acc", t, 1);
        Expr sum = load(acc, Exprs.ZERO);
        Expr value = load(x.buffer(), xAt);
        Stmt update = store(acc, Exprs.ZERO, max ? Exprs.max(sum, value) : add(sum, value));
        boolean counted = !max && !inside.isEmpty();
        Buffer count = counted ? names.local("count", ScalarType.I32, 1) : null;
        List<Stmt> tapBody = new ArrayList<>();
        if (counted && !op.countIncludePad()) {
            update = Stmt.seq(update, increment(count));
        }
        tapBody.add(Exprs.guard(Exprs.all(inside), update));
        if (counted && op.countIncludePad()) {
            tapBody.add(Exprs.guard(Exprs.all(padded), increment(count)));
        }
        Stmt reduction = taps.wrap(lets.wrap(Stmt.seq(tapBody.toArray(Stmt[]::new))));
        Expr result = max ? sum : Exprs.div(sum, counted ? convert(t, load(count, Exprs.ZERO)) : imm(t, windowSize));
        Expr outAt = Exprs.affine(outer.index(), Elementwise.strides(toInts(dims)), 0);
        List<Stmt> body = new ArrayList<>();
        body.add(store(acc, Exprs.ZERO, imm(t, max ? Double.NEGATIVE_INFINITY : 0)));
        if (counted) {
            body.add(store(count, Exprs.ZERO, Exprs.ZERO));
        }
        body.add(reduction);
        body.add(store(out.buffer(), outAt, result));
        Stmt inner = new Stmt.Allocate(acc, Stmt.seq(body.toArray(Stmt[]::new)));
        if (counted) {
            inner = new Stmt.Allocate(count, inner);
        }
        return List.of(s.kernel(outer.wrap(inner)));
    }

    static List<Kernel> globalPool(Site s, GlobalPool op) {
        Site.Operand x = s.in(0);
        int[] xd = x.dims();
        long planes = (long) xd[0] * xd[1];
        long plane = LayoutCompute.product(xd, 2, xd.length);
        ScalarType t = x.elem();
        boolean max = op.kind() == PoolKind.MAX;
        ScalarType accType = max ? t : ScalarType.F64;
        Names names = s.names();
        Nest outer = Nest.named(names, List.of("q"), new long[] {planes});
        Nest positions = Nest.named(names, List.of("e"), new long[] {plane});
        Buffer acc = names.local("acc", accType, 1);
        Expr sum = load(acc, Exprs.ZERO);
        Expr value = convert(accType, load(x.buffer(), add(mul(outer.index(0), plane), positions.index(0))));
        Stmt update = store(acc, Exprs.ZERO, max ? Exprs.max(sum, value) : add(sum, value));
        Expr result = max ? sum : convert(t, Exprs.div(sum, imm(accType, plane)));
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, imm(accType, max ? Double.NEGATIVE_INFINITY : 0)),
                positions.wrap(update),
                store(s.out().buffer(), outer.index(0), result)));
        return List.of(s.kernel(outer.wrap(body)));
    }

    private static Stmt increment(Buffer count) {
        return store(count, Exprs.ZERO, add(load(count, Exprs.ZERO), Exprs.ONE));
    }

    private static int[] toInts(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = (int) dims[i];
        }
        return out;
    }
}
