package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.convert;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.load;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Gemm;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Compute definitions of the matrix products: numpy matmul (broadcast batch axes, rank-1 operands
 * promoted), ONNX Gemm and the fully connected layer. One kernel each: loops over the result in C order,
 * the dot product innermost, into a one-element local accumulator.
 *
 * <p>Precision: float products accumulate with fma in the reference's order, in the element type unless the
 * sum is longer than {@link ConvCompute#LONG_SUM} terms, then in f64 (see {@link ConvCompute}). Integer matmul accumulates in its own type, whose wrap-around
 * is where the reference's wrapped long sum lands. Integer Gemm accumulates in i64 as the reference does,
 * since its alpha and beta may be fractional and then act on the unwrapped sum; Gemm's epilogue
 * {@code alpha·acc + beta·C} runs in f64 (i64 for integral scales on integers) and rounds once.
 */
final class MatMulCompute {
    private MatMulCompute() {
    }

    static List<Kernel> matmul(Site s) {
        Site.Operand a = s.in(0);
        Site.Operand b = s.in(1);
        Site.Operand out = s.out();
        int[] sa = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
        int[] sb = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        int m = sa[sa.length - 2];
        int k = sa[sa.length - 1];
        int n = sb[sb.length - 1];
        int[] batchA = Arrays.copyOf(sa, sa.length - 2);
        int[] batchB = Arrays.copyOf(sb, sb.length - 2);
        int[] batch = broadcastShape(batchA, batchB);
        long[] strideA = Elementwise.broadcastStrides(batchA, batch);
        long[] strideB = Elementwise.broadcastStrides(batchB, batch);

        Names names = s.names();
        List<String> hints = new ArrayList<>();
        long[] dims = new long[batch.length + 2];
        for (int d = 0; d < batch.length; d++) {
            hints.add("b" + d);
            dims[d] = batch[d];
        }
        hints.add("i");
        hints.add("j");
        dims[batch.length] = m;
        dims[batch.length + 1] = n;
        Nest nest = Nest.named(names, hints, dims);
        Expr.Var p = names.index("p");
        Expr i = nest.index(batch.length);
        Expr j = nest.index(batch.length + 1);
        Expr aBase = Exprs.ZERO;
        Expr bBase = Exprs.ZERO;
        for (int d = 0; d < batch.length; d++) {
            aBase = add(aBase, mul(nest.index(d), strideA[d] * m * k));
            bBase = add(bBase, mul(nest.index(d), strideB[d] * k * n));
        }
        Expr aAt = add(add(aBase, mul(i, k)), p);
        Expr bAt = add(add(bBase, mul(p, n)), j);
        ScalarType t = out.elem();
        ScalarType accType = ConvCompute.accumulator(t, k);
        Buffer acc = names.local("acc", accType, 1);
        Expr outAt = Exprs.affine(nest.index(), Elementwise.strides(Arrays.stream(dims).mapToInt(x -> (int) x).toArray()), 0);
        Stmt body = dot(acc, p, k, convert(accType, load(a.buffer(), aAt)), convert(accType, load(b.buffer(), bAt)),
                store(out.buffer(), outAt, convert(t, load(acc, Exprs.ZERO))));
        return List.of(s.kernel(nest.wrap(body)));
    }

    static List<Kernel> gemm(Site s, Gemm op) {
        Site.Operand a = s.in(0);
        Site.Operand b = s.in(1);
        Site.Operand c = s.optional(2);
        Site.Operand out = s.out();
        int m = out.dim(0);
        int n = out.dim(1);
        int k = op.transA() ? a.dim(0) : a.dim(1);
        Names names = s.names();
        Nest nest = Nest.named(names, List.of("i", "j"), new long[] {m, n});
        Expr.Var p = names.index("p");
        Expr i = nest.index(0);
        Expr j = nest.index(1);
        Expr aAt = op.transA() ? add(mul(p, m), i) : add(mul(i, k), p);
        Expr bAt = op.transB() ? add(mul(j, k), p) : add(mul(p, n), j);
        ScalarType t = out.elem();
        boolean integral = t.isInteger();
        ScalarType accType = integral ? ScalarType.I64 : ConvCompute.accumulator(t, k);
        Buffer acc = names.local("acc", accType, 1);
        Lets lets = new Lets(names);
        Expr sum = lets.let("sum", load(acc, Exprs.ZERO));
        Expr cValue = null;
        if (c != null) {
            long[] cs = Elementwise.broadcastStrides(c.dims(), new int[] {m, n});
            cValue = load(c.buffer(), Exprs.affine(nest.index(), cs, 0));
        }
        Expr result;
        if (integral && isLong(op.alpha()) && isLong(op.beta())) {
            ScalarType l = ScalarType.I64;
            Expr r = mul(Exprs.intImm(l, (long) op.alpha()), sum);
            if (cValue != null) {
                r = add(r, mul(Exprs.intImm(l, (long) op.beta()), convert(l, cValue)));
            }
            result = convert(t, r);
        } else if (op.alpha() == 1 && cValue == null) {
            result = convert(t, sum);
        } else {
            ScalarType d = ScalarType.F64;
            Expr r = mul(imm(d, op.alpha()), convert(d, sum));
            if (cValue != null) {
                r = add(r, mul(imm(d, op.beta()), convert(d, cValue)));
            }
            result = convert(t, r);
        }
        Stmt write = lets.wrap(store(out.buffer(), add(mul(i, n), j), result));
        Stmt body = dot(acc, p, k, convert(accType, load(a.buffer(), aAt)), convert(accType, load(b.buffer(), bAt)),
                write);
        return List.of(s.kernel(nest.wrap(body)));
    }

    /** {@code x[..., in] · w[out, in]ᵀ + bias[out]}, the leading axes of x flattened into rows. */
    static List<Kernel> linear(Site s) {
        Site.Operand x = s.in(0);
        Site.Operand w = s.in(1);
        Site.Operand bias = s.optional(2);
        Site.Operand out = s.out();
        int in = w.dim(1);
        int features = w.dim(0);
        long rows = LayoutCompute.product(x.dims(), 0, x.rank() - 1);
        Names names = s.names();
        Nest nest = Nest.named(names, List.of("r", "o"), new long[] {rows, features});
        Expr.Var p = names.index("p");
        Expr r = nest.index(0);
        Expr o = nest.index(1);
        ScalarType t = out.elem();
        ScalarType accType = ConvCompute.accumulator(t, in);
        Buffer acc = names.local("acc", accType, 1);
        Expr sum = load(acc, Exprs.ZERO);
        Expr result = convert(t, bias == null ? sum : add(sum, convert(accType, load(bias.buffer(), o))));
        Stmt body = dot(acc, p, in, convert(accType, load(x.buffer(), add(mul(r, in), p))),
                convert(accType, load(w.buffer(), add(mul(o, in), p))), store(out.buffer(), add(mul(r, features), o), result));
        return List.of(s.kernel(nest.wrap(body)));
    }

    /** {@code acc = Σ_p a·b} over {@code p < k}, then {@code after}, inside the accumulator's scope. */
    private static Stmt dot(Buffer acc, Expr.Var p, long k, Expr a, Expr b, Stmt after) {
        Expr sum = load(acc, Exprs.ZERO);
        Stmt update = store(acc, Exprs.ZERO, ConvCompute.multiplyAdd(a, b, sum));
        return new Stmt.Allocate(acc, Stmt.seq(
                store(acc, Exprs.ZERO, imm(acc.type(), 0)),
                Nest.loop(p, k, update),
                after));
    }

    private static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static boolean isLong(double v) {
        return v == Math.rint(v) && Math.abs(v) < 0x1p63;
    }
}
