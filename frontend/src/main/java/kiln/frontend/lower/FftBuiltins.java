package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;

/**
 * Real FFTs and their inverses over the trailing axes, with {@code torch.fft}'s names and defaults:
 * {@code rfft(x, n)}, {@code irfft(X, n)} (n defaults to 2·(m − 1)), {@code rfft2}/{@code irfft2} over
 * the last two axes, {@code rfftn}/{@code irfftn} over as many as {@code s} has lengths.
 */
final class FftBuiltins {
    private FftBuiltins() {
    }

    private static final List<String> NORMS = List.of("backward", "ortho", "forward");

    static void register(Builtins b) {
        b.add("rfft", "x, n=none, norm=\"backward\"", a -> transform(a, "n", 1, false));
        b.add("irfft", "x, n=none, norm=\"backward\"", a -> transform(a, "n", 1, true));
        b.add("rfft2", "x, s=none, norm=\"backward\"", a -> transform(a, "s", 2, false));
        b.add("irfft2", "x, s=none, norm=\"backward\"", a -> transform(a, "s", 2, true));
        b.add("rfftn", "x, s, norm=\"backward\"", a -> transform(a, "s", 0, false));
        b.add("irfftn", "x, s, norm=\"backward\"", a -> transform(a, "s", 0, true));
    }

    /** A transform over {@code axes} trailing axes (0: as many as the lengths given). */
    private static Val transform(Args a, String lengthsArg, int axes, boolean inverse) {
        Sym x = a.tensor("x");
        FftNorm norm = FftNorm.valueOf(a.choice("norm", NORMS).toUpperCase(java.util.Locale.ROOT));
        List<Integer> lengths;
        if (a.isNone(lengthsArg)) {
            Shape s = x.type().shape();
            if (s.rank() < axes) {
                throw a.wrongKind("x", "a tensor of rank " + axes + " or more");
            }
            lengths = new ArrayList<>();
            for (int i = s.rank() - axes; i < s.rank(); i++) {
                if (s.isBatch(i)) {
                    throw a.fail("x", Code.BATCH_ARITHMETIC, "cannot transform the batch axis N");
                }
                boolean last = i == s.rank() - 1;
                lengths.add(inverse && last ? 2 * (s.dim(i) - 1) : s.dim(i));
            }
        } else {
            lengths = a.intList(lengthsArg);
            if (axes > 0 && lengths.size() != axes) {
                throw a.fail(lengthsArg, Code.BAD_VALUE, a.callee() + " transforms " + axes + " axes; give " + axes
                        + " lengths, got " + lengths.size());
            }
        }
        return Args.tensor(inverse ? a.op(new Irfft(lengths, norm), x) : a.op(new Rfft(lengths, norm), x));
    }
}
