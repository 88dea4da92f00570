package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.neg;
import static kiln.passes.lower.Exprs.store;
import static kiln.passes.lower.Exprs.sub;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Compute definitions of the complex elementwise ops on c64 tensors, stored as interleaved f32 pairs
 * (element {@code i} is {@code re = buf[2i]}, {@code im = buf[2i + 1]}): real and imaginary parts,
 * assembly from parts, negation, conjugation, and add, sub, mul and div with numpy broadcasting.
 *
 * <p>Precision: add and sub are single f32 operations per part, as exact as the reference. Mul and div
 * widen to f64 and round once at the end: a product of two f32 values is exact in f64, so their result is
 * the reference's.
 */
final class ComplexCompute {
    private static final ScalarType F32 = ScalarType.F32;
    private static final ScalarType F64 = ScalarType.F64;

    private ComplexCompute() {
    }

    /** What is stored for one result element, given each operand's element index and the result's. */
    @FunctionalInterface
    private interface ElementBody {
        Stmt at(Lets lets, List<Expr> operandIndex, Expr outIndex);
    }

    static List<Kernel> unary(Site s, Unary op) {
        Buffer x = s.in(0).buffer();
        Buffer out = s.out().buffer();
        boolean negateReal = op.fn() == UnaryFn.NEG;
        if (op.fn() != UnaryFn.NEG && op.fn() != UnaryFn.CONJ) {
            throw new IllegalStateException(op.fn() + " of a complex tensor");
        }
        return List.of(s.kernel(map(s, (lets, in, o) -> {
            Expr re = load(x, mul(in.getFirst(), 2));
            Expr im = load(x, add(mul(in.getFirst(), 2), Exprs.ONE));
            // Both negation and conjugation flip the imaginary part.
            return pair(out, o, negateReal ? neg(re) : re, neg(im));
        })));
    }

    static List<Kernel> binary(Site s, Binary op) {
        Buffer a = s.in(0).buffer();
        Buffer b = s.in(1).buffer();
        Buffer out = s.out().buffer();
        return List.of(s.kernel(map(s, (lets, in, o) -> {
            Expr ar = lets.let("ar", load(a, mul(in.get(0), 2)));
            Expr ai = lets.let("ai", load(a, add(mul(in.get(0), 2), Exprs.ONE)));
            Expr br = lets.let("br", load(b, mul(in.get(1), 2)));
            Expr bi = lets.let("bi", load(b, add(mul(in.get(1), 2), Exprs.ONE)));
            return switch (op.fn()) {
                case ADD -> pair(out, o, add(ar, br), add(ai, bi));
                case SUB -> pair(out, o, sub(ar, br), sub(ai, bi));
                case MUL -> {
                    Expr xr = lets.let("xr", convert(F64, ar));
                    Expr xi = lets.let("xi", convert(F64, ai));
                    Expr yr = lets.let("yr", convert(F64, br));
                    Expr yi = lets.let("yi", convert(F64, bi));
                    yield pair(out, o, convert(F32, sub(mul(xr, yr), mul(xi, yi))),
                            convert(F32, add(mul(xr, yi), mul(xi, yr))));
                }
                case DIV -> {
                    Expr xr = lets.let("xr", convert(F64, ar));
                    Expr xi = lets.let("xi", convert(F64, ai));
                    Expr yr = lets.let("yr", convert(F64, br));
                    Expr yi = lets.let("yi", convert(F64, bi));
                    Expr d = lets.let("den", add(mul(yr, yr), mul(yi, yi)));
                    yield pair(out, o, convert(F32, Exprs.div(add(mul(xr, yr), mul(xi, yi)), d)),
                            convert(F32, Exprs.div(sub(mul(xi, yr), mul(xr, yi)), d)));
                }
                case POW, MAX, MIN -> throw new IllegalStateException(op.fn() + " of complex tensors");
            };
        })));
    }

    static List<Kernel> part(Site s, ComplexPart op) {
        Buffer x = s.in(0).buffer();
        Buffer out = s.out().buffer();
        Names names = s.names();
        Nest nest = Nest.over(names, "i", new long[] {s.out().count()});
        Expr i = nest.index(0);
        Expr at = op.imaginary() ? add(mul(i, 2), Exprs.ONE) : mul(i, 2);
        return List.of(s.kernel(nest.wrap(store(out, i, load(x, at)))));
    }

    /** A c64 tensor from f32 real and imaginary parts, broadcast together. */
    static List<Kernel> make(Site s) {
        Buffer re = s.in(0).buffer();
        Buffer im = s.in(1).buffer();
        Buffer out = s.out().buffer();
        return List.of(s.kernel(map(s, (lets, in, o) -> pair(out, o, load(re, in.get(0)), load(im, in.get(1))))));
    }

    private static Stmt pair(Buffer out, Expr element, Expr re, Expr im) {
        return Stmt.seq(store(out, mul(element, 2), re), store(out, add(mul(element, 2), Exprs.ONE), im));
    }

    /** A nest over the result's elements with each input's broadcast element index. */
    private static Stmt map(Site s, ElementBody body) {
        int[] dims = s.out().dims();
        List<Elementwise.Access> accesses = new ArrayList<>();
        accesses.add(new Elementwise.Access(s.out().buffer(), Elementwise.strides(dims)));
        for (Site.Operand in : s.inputs()) {
            accesses.add(new Elementwise.Access(in.buffer(), Elementwise.broadcastStrides(in.dims(), dims)));
        }
        Elementwise.Coalesced c = Elementwise.coalesce(Nest.longs(dims), accesses);
        Names names = s.names();
        Nest nest = Nest.over(names, "i", c.dims());
        Lets lets = new Lets(names);
        List<Expr> index = new ArrayList<>();
        for (int k = 1; k < accesses.size(); k++) {
            index.add(lets.let("e", Exprs.affine(nest.index(), c.strides().get(k), 0)));
        }
        Expr o = lets.let("o", Exprs.affine(nest.index(), c.strides().getFirst(), 0));
        Stmt stored = body.at(lets, index, o);
        return nest.wrap(lets.wrap(stored));
    }
}
