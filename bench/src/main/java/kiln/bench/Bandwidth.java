package kiln.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.runtime.exec.Parallel;

/**
 * DRAM bandwidth as STREAM's triad measures it: {@code a[i] = b[i]·s + c[i]} over three arrays of 128 MiB, far
 * larger than any L3, split over the threads. Counts 12 bytes per element (two loads, one store), as STREAM does.
 */
final class Bandwidth {
    private static final int N = 32 << 20;

    private Bandwidth() {
    }

    /** Best GB/s on {@code threads} threads over warm-up and {@code windows} windows. */
    static double measure(int threads, int windows) {
        float[] a = new float[N];
        float[] b = new float[N];
        float[] c = new float[N];
        Arrays.fill(b, 1);
        Arrays.fill(c, 2);
        int parts = threads * 4;
        Runnable run = () -> Parallel.forRange(parts, (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                triad(a, b, c, (int) ((long) N * p / parts), (int) ((long) N * (p + 1) / parts));
            }
        });
        Sampler sampler = new Sampler(3, 0.2, 2);
        sampler.warmUp(run, Stability.DEFAULT, 3);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            sampler.window(run, ms);
        }
        return 3.0 * Float.BYTES * N / Samples.of(ms).best() / 1e6;
    }

    private static void triad(float[] a, float[] b, float[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = b[i] * 1.5f + c[i];
        }
    }
}
