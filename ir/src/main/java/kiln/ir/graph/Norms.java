package kiln.ir.graph;

import java.util.List;

/** Type rules shared by the normalisations. */
final class Norms {
    private Norms() {
    }

    static void epsilon(String op, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IrException(op + ": epsilon must be a finite non-negative number, got " + eps);
        }
    }

    /** {@code x[N, C, ...]} followed by {@code count} per-channel vectors of length C. */
    static List<TensorType> perChannel(String op, List<TensorType> inputs, int minRank, String... names) {
        TensorType x = inputs.getFirst();
        Infer.requireFloat(op, x);
        Infer.rankAtLeast(op, x, minRank);
        for (int i = 1; i < inputs.size(); i++) {
            Infer.sameDtype(op, x, inputs.get(i));
            Infer.channelVector(op, names[i - 1], inputs.get(i), x.dim(1));
        }
        return Infer.one(x);
    }
}
