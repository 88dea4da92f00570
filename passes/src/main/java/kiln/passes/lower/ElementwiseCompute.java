package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.intImm;
import static kiln.passes.lower.Exprs.max;
import static kiln.passes.lower.Exprs.min;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.select;
import static kiln.passes.lower.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Unary;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;

/**
 * Compute definitions of the real elementwise ops: unary functions, binary functions with numpy
 * broadcasting, the activations with attributes, StarReLU and casts. One kernel each, one (coalesced)
 * loop nest over the result.
 *
 * <p>Precision: arithmetic runs in the element type. For add, sub, mul, div, min, max, sqrt and the
 * comparisons that is the reference's result exactly (an f32 operation is correctly rounded, like the
 * reference's double operation rounded once); composite activations are within a few ulps (see
 * {@link UnaryMath}). Shrink compares and shifts in f64, so thresholds that f32 cannot represent act as the
 * reference's do. Integer ops wrap at their width, which is where the reference's wrapped long result lands.
 */
final class ElementwiseCompute {
    private ElementwiseCompute() {
    }

    static List<Kernel> unary(Site s, Unary op) {
        ScalarType t = s.in(0).elem();
        return same(s, (lets, v) -> UnaryMath.apply(op.fn(), v.getFirst(), t, lets));
    }

    static List<Kernel> binary(Site s, Binary op) {
        ScalarType t = s.out().elem();
        return broadcast(s, (lets, v) -> {
            Expr a = v.get(0);
            Expr b = v.get(1);
            return switch (op.fn()) {
                case ADD -> add(a, b);
                case SUB -> sub(a, b);
                case MUL -> mul(a, b);
                case DIV -> Exprs.div(a, b);
                case MAX -> max(a, b);
                case MIN -> min(a, b);
                case POW -> t.isFloat() ? pow(a, b, t) : Exprs.bin(BinOp.POW, a, b);
            };
        });
    }

    /** C99 pow: 1 to any power, and -1 to an infinite power, are 1 where Java's pow gives NaN. */
    private static Expr pow(Expr a, Expr b, ScalarType t) {
        Expr one = Exprs.eq(a, imm(t, 1));
        Expr minusOneToInfinity = Exprs.and(Exprs.eq(a, imm(t, -1)),
                Exprs.eq(Exprs.un(UnOp.ABS, b), imm(t, Double.POSITIVE_INFINITY)));
        return select(Exprs.or(one, minusOneToInfinity), imm(t, 1), Exprs.bin(BinOp.POW, a, b));
    }

    static List<Kernel> leakyRelu(Site s, LeakyRelu op) {
        ScalarType t = s.in(0).elem();
        return same(s, (lets, v) -> {
            Expr x = v.getFirst();
            return select(Exprs.le(imm(t, 0), x), x, mul(imm(t, op.alpha()), x));
        });
    }

    static List<Kernel> hardSigmoid(Site s, HardSigmoid op) {
        ScalarType t = s.in(0).elem();
        return same(s, (lets, v) -> max(imm(t, 0),
                min(imm(t, 1), Exprs.fma(imm(t, op.alpha()), v.getFirst(), imm(t, op.beta())))));
    }

    /**
     * Floats: {@code min(max(x, lo), hi)}, NaN passing (rounding the bounds to f32 is exact here, because
     * rounding is monotonic). Integers: clipped to the integers inside the bounds, as the reference does.
     */
    static List<Kernel> clip(Site s, Clip op) {
        ScalarType t = s.in(0).elem();
        return same(s, (lets, v) -> {
            Expr x = v.getFirst();
            if (t.isFloat()) {
                Expr r = Double.isInfinite(op.min()) ? x : max(x, imm(t, op.min()));
                return Double.isInfinite(op.max()) ? r : min(r, imm(t, op.max()));
            }
            long lo = (long) Math.ceil(op.min());
            long hi = (long) Math.floor(op.max());
            long typeMin = t == ScalarType.I8 ? Byte.MIN_VALUE : t == ScalarType.I32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long typeMax = t == ScalarType.I8 ? Byte.MAX_VALUE : t == ScalarType.I32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            Expr r = lo <= typeMin ? x : max(x, intImm(t, Math.min(lo, typeMax)));
            return hi >= typeMax ? r : min(r, intImm(t, Math.max(hi, typeMin)));
        });
    }

    /** In f64, so that thresholds and shifts f32 cannot hold act exactly as in the reference. */
    static List<Kernel> shrink(Site s, Shrink op) {
        ScalarType t = s.in(0).elem();
        ScalarType d = ScalarType.F64;
        return same(s, (lets, v) -> {
            Expr x = lets.let("wide", convert(d, v.getFirst()));
            Expr r = select(Exprs.lt(x, imm(d, -op.lambd())), add(x, imm(d, op.bias())),
                    select(Exprs.lt(imm(d, op.lambd()), x), sub(x, imm(d, op.bias())), imm(d, 0)));
            return convert(t, r);
        });
    }

    /** {@code scale·relu(x)² + bias}, the parameters broadcast to x. */
    static List<Kernel> starRelu(Site s) {
        ScalarType t = s.in(0).elem();
        return broadcast(s, (lets, v) -> {
            Expr r = lets.let("r", max(v.get(0), imm(t, 0)));
            return add(mul(mul(v.get(1), r), r), v.get(2));
        });
    }

    static List<Kernel> cast(Site s, Cast op) {
        Site.Operand x = s.in(0);
        Site.Operand out = s.out();
        if (x.complex()) {
            Names names = s.names();
            return List.of(s.kernel(LayoutCompute.flatCopy(names, x.buffer(), out.buffer(), 2 * x.count())));
        }
        if (out.complex()) {
            // A real value becomes (value, 0).
            Names names = s.names();
            Nest nest = Nest.over(names, "i", new long[] {x.count()});
            Expr i = nest.index(0);
            Expr re = convert(ScalarType.F32, Exprs.load(x.buffer(), i));
            Stmt body = Stmt.seq(Exprs.store(out.buffer(), mul(i, 2), re),
                    Exprs.store(out.buffer(), add(mul(i, 2), Exprs.ONE), imm(ScalarType.F32, 0)));
            return List.of(s.kernel(nest.wrap(body)));
        }
        ScalarType to = out.elem();
        return same(s, (lets, v) -> convert(to, v.getFirst()));
    }

    /** One kernel mapping the single input, of the result's shape, elementwise. */
    static List<Kernel> same(Site s, Elementwise.Body body) {
        return broadcast(s, body);
    }

    /** One kernel mapping every input, numpy-broadcast to the result's shape, elementwise. */
    static List<Kernel> broadcast(Site s, Elementwise.Body body) {
        Site.Operand out = s.out();
        int[] dims = out.dims();
        List<Elementwise.Access> ins = new ArrayList<>();
        for (Site.Operand in : s.inputs()) {
            ins.add(new Elementwise.Access(in.buffer(), Elementwise.broadcastStrides(in.dims(), dims)));
        }
        Elementwise.Access o = new Elementwise.Access(out.buffer(), Elementwise.strides(dims));
        return List.of(s.kernel(Elementwise.map(s.names(), Nest.longs(dims), o, ins, body)));
    }
}
