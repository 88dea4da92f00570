package kiln.bench;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import kiln.runtime.exec.Parallel;

/**
 * This machine's f32 FMA throughput as the Vector API reaches it: 12 independent FMA chains per thread on the
 * widest vectors, enough to cover the FMA latency of every x86 core (latency 4 × 2 pipes = 8 needed on Zen 3
 * and Skylake) while leaving registers free even with 16 of them.
 */
final class FmaPeak {
    /** The species as a constant: the Vector API compiles to vector instructions only for constant species. */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    private static final int ITERATIONS = 20_000;
    /** Many short calls rather than one long one, so C2 compiles the method whole rather than on-stack. */
    private static final int CALLS = 48;
    private static final int PARTS_PER_THREAD = 4;

    static volatile float sink;

    private FmaPeak() {
    }

    /** The f32 lanes of the vectors measured. */
    static int lanes() {
        return S.length();
    }

    /** Best GFLOP/s on {@code threads} threads (1, or Kiln's thread pool) over warm-up and {@code windows} windows. */
    static double measure(int threads, int windows) {
        // Parts of the work rather than one per thread: a thread the shared machine delays leaves its parts to
        // the others, and the best window is the machine's capability.
        int parts = threads * PARTS_PER_THREAD;
        Runnable run = threads == 1 ? () -> calls(CALLS) : () -> Parallel.forRange(parts, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                calls(CALLS / PARTS_PER_THREAD);
            }
        });
        Sampler sampler = new Sampler(5, 0.1, 1);
        sampler.warmUp(run, Stability.DEFAULT, 3);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            sampler.window(run, ms);
        }
        double flops = threads * (double) CHAINS * 2 * S.length() * ITERATIONS * CALLS;
        return flops / Samples.of(ms).best() / 1e6;
    }

    private static void calls(int calls) {
        float s = 0;
        for (int i = 0; i < calls; i++) {
            s += chains(ITERATIONS);
        }
        sink = s;
    }

    /**
     * The chains accumulate in fma's addend, which C2 updates in place (as a matmul's accumulators); an
     * accumulator as a factor costs a register copy per fma and measures a lower "peak".
     */
    private static float chains(int iterations) {
        VectorSpecies<Float> s = S;
        FloatVector x = FloatVector.broadcast(s, 0.999f);
        FloatVector y = FloatVector.broadcast(s, 1e-4f);
        FloatVector c0 = FloatVector.broadcast(s, 0f);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = x.fma(y, c0);
            c1 = x.fma(y, c1);
            c2 = x.fma(y, c2);
            c3 = x.fma(y, c3);
            c4 = x.fma(y, c4);
            c5 = x.fma(y, c5);
            c6 = x.fma(y, c6);
            c7 = x.fma(y, c7);
            c8 = x.fma(y, c8);
            c9 = x.fma(y, c9);
            c10 = x.fma(y, c10);
            c11 = x.fma(y, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
