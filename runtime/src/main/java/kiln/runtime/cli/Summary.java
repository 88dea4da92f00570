package kiln.runtime.cli;

import java.util.Locale;
import kiln.runtime.Tensor;

/** A one-line description of a tensor for the terminal: type, range, mean and the first values. */
public final class Summary {
    private static final int SHOWN = 6;

    private Summary() {
    }

    /** {@code name: f32[1, 8]  min …  max …  mean …  [v0, v1, …]}; non-finite values are counted, not summed. */
    public static String of(String name, Tensor t) {
        StringBuilder sb = new StringBuilder(name).append(": ").append(t.typeString());
        long n = t.size();
        if (n == 0) {
            return sb.append(" (empty)").toString();
        }
        if (!t.dtype().isComplex()) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            long nonFinite = 0;
            for (long i = 0; i < n; i++) {
                double v = t.getDouble(i);
                if (!Double.isFinite(v)) {
                    nonFinite++;
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            if (nonFinite < n) {
                sb.append(String.format(Locale.ROOT, "  min %.6g  max %.6g  mean %.6g", min, max, sum / (n - nonFinite)));
            }
            if (nonFinite > 0) {
                sb.append("  non-finite ").append(nonFinite);
            }
        }
        sb.append("  [");
        for (long i = 0; i < Math.min(n, SHOWN); i++) {
            sb.append(i == 0 ? "" : ", ");
            if (t.dtype().isComplex()) {
                sb.append(String.format(Locale.ROOT, "%.6g%+.6gi", t.getReal(i), t.getImag(i)));
            } else if (t.dtype().isFloat()) {
                sb.append(String.format(Locale.ROOT, "%.6g", t.getDouble(i)));
            } else {
                sb.append(t.getLong(i));
            }
        }
        return sb.append(n > SHOWN ? ", ...]" : "]").toString();
    }
}
