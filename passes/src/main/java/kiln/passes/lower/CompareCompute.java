package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.Compare;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;

/**
 * Compute definitions of the comparisons and {@code where}. A comparison is one Loop IR comparison of the
 * loaded operands, whose semantics are the reference's: IEEE 754 for floats (false with NaN, except not-equal;
 * +0 equals −0), exact for integers and bools. {@code where} selects one loaded element, so its result has the
 * chosen element's bits; a c64 element is selected as its two f32 halves.
 */
final class CompareCompute {
    private CompareCompute() {
    }

    static List<Kernel> compare(Site s, Compare op) {
        return ElementwiseCompute.broadcast(s, (lets, v) -> {
            Expr a = v.get(0);
            Expr b = v.get(1);
            return switch (op.fn()) {
                case EQUAL -> Exprs.eq(a, b);
                case NOT_EQUAL -> Exprs.bin(BinOp.NE, a, b);
                case LESS -> Exprs.lt(a, b);
                case LESS_EQUAL -> Exprs.le(a, b);
                case GREATER -> Exprs.lt(b, a);
                case GREATER_EQUAL -> Exprs.le(b, a);
            };
        });
    }

    static List<Kernel> where(Site s) {
        if (!s.out().complex()) {
            return ElementwiseCompute.broadcast(s, (lets, v) -> Exprs.select(v.get(0), v.get(1), v.get(2)));
        }
        // c64: a trailing axis of 2 walks the (re, im) halves; the condition does not move along it.
        Site.Operand out = s.out();
        int[] dims = out.dims();
        List<Elementwise.Access> ins = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Site.Operand in = s.in(k);
            long[] strides = Elementwise.broadcastStrides(in.dims(), dims);
            long[] pairStrides = k == 0 ? withTrailingZero(strides) : Elementwise.pairs(strides);
            ins.add(new Elementwise.Access(in.buffer(), pairStrides));
        }
        Elementwise.Access o = new Elementwise.Access(out.buffer(), Elementwise.pairs(Elementwise.strides(dims)));
        return List.of(s.kernel(Elementwise.map(s.names(), Elementwise.pairs(dims), o, ins,
                (lets, v) -> Exprs.select(v.get(0), v.get(1), v.get(2)))));
    }

    private static long[] withTrailingZero(long[] strides) {
        return java.util.Arrays.copyOf(strides, strides.length + 1);
    }
}
