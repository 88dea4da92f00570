package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Softmax;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;

/**
 * Compute definitions of reductions and softmax: loops over the kept positions in C order, a reduction
 * nest over the reduced axes inside.
 *
 * <p>Precision: float sums and means accumulate in f64 (a reduction may run over any number of
 * elements; f32 would lose 1e-5 past about 10⁴ terms of one sign) and round once. Max and min are exact in
 * the element type. Integer sums and means accumulate in i64 like the reference, whose mean divides the
 * unwrapped sum. Softmax finds the maximum in the element type, then sums {@code exp(x - max)} in f64 and
 * recomputes each exponential in f64 for the quotient, rounding once, as the reference does.
 */
final class ReduceCompute {
    private ReduceCompute() {
    }

    static List<Kernel> reduce(Site s, Reduce op) {
        Site.Operand x = s.in(0);
        int[] dims = x.dims();
        List<Integer> axes = op.axesFor(dims.length);
        long[] xs = Elementwise.strides(dims);
        List<Integer> kept = new ArrayList<>();
        List<Integer> reduced = new ArrayList<>();
        long count = 1;
        for (int d = 0; d < dims.length; d++) {
            if (axes.contains(d)) {
                reduced.add(d);
                count *= dims[d];
            } else {
                kept.add(d);
            }
        }
        ScalarType t = x.elem();
        boolean sum = op.kind() == ReduceKind.SUM || op.kind() == ReduceKind.MEAN;
        ScalarType accType = sum ? (t.isFloat() ? ScalarType.F64 : ScalarType.I64) : t;
        Names names = s.names();
        Elementwise.Coalesced outer = pick(dims, kept, xs);
        Elementwise.Coalesced inner = pick(dims, reduced, xs);
        Nest keep = Nest.over(names, "i", outer.dims());
        Nest over = Nest.over(names, "r", inner.dims());
        Buffer acc = names.local("acc", accType, 1);
        Expr a = load(acc, Exprs.ZERO);
        Expr at = add(Exprs.affine(keep.index(), outer.strides().getFirst(), 0),
                Exprs.affine(over.index(), inner.strides().getFirst(), 0));
        Expr v = convert(accType, load(x.buffer(), at));
        Expr next = switch (op.kind()) {
            case SUM, MEAN -> add(a, v);
            case MAX -> Exprs.max(a, v);
            case MIN -> Exprs.min(a, v);
        };
        Expr init = switch (op.kind()) {
            case SUM, MEAN -> imm(accType, 0);
            case MAX -> lowest(t);
            case MIN -> highest(t);
        };
        Expr result = op.kind() == ReduceKind.MEAN ? Exprs.div(a, accType.isFloat() ? imm(accType, count)
                : Exprs.intImm(accType, count)) : a;
        long[] outStrides = Elementwise.strides(toInts(outer.dims()));
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, init),
                over.wrap(store(acc, Exprs.ZERO, next)),
                store(s.out().buffer(), Exprs.affine(keep.index(), outStrides, 0), convert(t, result))));
        return List.of(s.kernel(keep.wrap(body)));
    }

    static List<Kernel> softmax(Site s, Softmax op) {
        Site.Operand x = s.in(0);
        int[] dims = x.dims();
        int axis = x.type().shape().axis(op.axis(), op.name());
        long outer = LayoutCompute.product(dims, 0, axis);
        long len = dims[axis];
        long inner = LayoutCompute.product(dims, axis + 1, dims.length);
        ScalarType t = x.elem();
        ScalarType d = ScalarType.F64;
        Names names = s.names();
        Nest lines = Nest.named(names, List.of("o", "j"), new long[] {outer, inner});
        Expr base = add(mul(lines.index(0), len * inner), lines.index(1));
        Buffer top = names.local("top", t, 1);
        Buffer total = names.local("total", d, 1);
        Expr.Var m = names.var("m", d);
        Expr.Var sum = names.var("sum", d);

        Expr.Var i1 = names.index("i");
        Expr x1 = load(x.buffer(), add(base, mul(i1, inner)));
        Stmt maxPass = Nest.loop(i1, len, store(top, Exprs.ZERO, Exprs.max(load(top, Exprs.ZERO), x1)));
        Expr.Var i2 = names.index("i");
        Expr e2 = Exprs.un(UnOp.EXP, Exprs.sub(convert(d, load(x.buffer(), add(base, mul(i2, inner)))), m));
        Stmt sumPass = Nest.loop(i2, len, store(total, Exprs.ZERO, add(load(total, Exprs.ZERO), e2)));
        Expr.Var i3 = names.index("i");
        Expr at3 = add(base, mul(i3, inner));
        Expr e3 = Exprs.un(UnOp.EXP, Exprs.sub(convert(d, load(x.buffer(), at3)), m));
        Stmt outPass = Nest.loop(i3, len, store(s.out().buffer(), at3, convert(t, Exprs.div(e3, sum))));

        Stmt body = new Stmt.Allocate(top, new Stmt.Allocate(total, Stmt.seq(
                store(top, Exprs.ZERO, imm(t, Double.NEGATIVE_INFINITY)),
                maxPass,
                new Stmt.Let(m, convert(d, load(top, Exprs.ZERO)), Stmt.seq(
                        store(total, Exprs.ZERO, imm(d, 0)),
                        sumPass,
                        new Stmt.Let(sum, load(total, Exprs.ZERO), outPass))))));
        return List.of(s.kernel(lines.wrap(body)));
    }

    private static Expr lowest(ScalarType t) {
        return switch (t) {
            case F32, F64 -> imm(t, Double.NEGATIVE_INFINITY);
            case I64 -> Exprs.intImm(t, Long.MIN_VALUE);
            case I32 -> Exprs.intImm(t, Integer.MIN_VALUE);
            case I8 -> Exprs.intImm(t, Byte.MIN_VALUE);
            case BOOL -> Exprs.intImm(t, 0);
        };
    }

    private static Expr highest(ScalarType t) {
        return switch (t) {
            case F32, F64 -> imm(t, Double.POSITIVE_INFINITY);
            case I64 -> Exprs.intImm(t, Long.MAX_VALUE);
            case I32 -> Exprs.intImm(t, Integer.MAX_VALUE);
            case I8 -> Exprs.intImm(t, Byte.MAX_VALUE);
            case BOOL -> Exprs.intImm(t, 1);
        };
    }

    /** The axes {@code which} of {@code dims}, coalesced for strides {@code strides}. */
    static Elementwise.Coalesced pick(int[] dims, List<Integer> which, long[] strides) {
        long[] d = new long[which.size()];
        long[] st = new long[which.size()];
        for (int i = 0; i < which.size(); i++) {
            d[i] = dims[which.get(i)];
            st[i] = strides[which.get(i)];
        }
        return Elementwise.coalesce(d, List.of(new Elementwise.Access(null, st)));
    }

    private static int[] toInts(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = (int) dims[i];
        }
        return out;
    }
}
