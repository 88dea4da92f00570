package kiln.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workload in windows — at least {@code minRuns} runs and {@code minSeconds} each, but no more runs once
 * {@code maxSeconds} have passed (slow runs of a whole model) — and keeps every run's time. A window is the unit of warm-up (its median tells whether the JIT is done) and of the alternating rounds
 * (one window of each engine per round).
 */
record Sampler(int minRuns, double minSeconds, double maxSeconds) {
    /**
     * How warm-up went.
     *
     * @param seconds  how long it took
     * @param runs     how many runs it took
     * @param stable   whether the time settled ({@link Stability}) before the cap
     * @param firstMs  the first run, the one that ran the least compiled code
     * @param medianMs the median of the last window
     */
    record WarmUp(double seconds, int runs, boolean stable, double firstMs, double medianMs) {
    }

    /** Runs one window of {@code run}, adding each run's milliseconds to {@code into}; returns the window's median. */
    double window(Runnable run, List<Double> into) {
        return window(run, into, (long) (maxSeconds * 1e9));
    }

    /** The same, cut short (after one run at least) once it has run for {@code capNanos}. */
    private double window(Runnable run, List<Double> into, long capNanos) {
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (minSeconds * 1e9);
        long now = start;
        while (ms.isEmpty() || (ms.size() < minRuns || now - end < 0) && now - start < capNanos) {
            long s = System.nanoTime();
            run.run();
            now = System.nanoTime();
            ms.add((now - s) / 1e6);
        }
        into.addAll(ms);
        return Samples.of(ms).median();
    }

    /**
     * Runs windows of {@code run} until its time is stable or {@code capSeconds} have passed (the run under
     * way then finishes: a whole model's first runs can take seconds).
     */
    WarmUp warmUp(Runnable run, Stability stability, double capSeconds) {
        long start = System.nanoTime();
        long cap = (long) (capSeconds * 1e9);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        List<Double> all = new ArrayList<>();
        List<Stability.Window> windows = new ArrayList<>();
        boolean stable = false;
        while (!stable && System.nanoTime() - start < cap) {
            long jitBefore = jit.getTotalCompilationTime();
            double median = window(run, all, Math.min((long) (maxSeconds * 1e9), cap - (System.nanoTime() - start)));
            windows.add(new Stability.Window(median, jit.getTotalCompilationTime() - jitBefore));
            stable = stability.stable(windows);
        }
        return new WarmUp((System.nanoTime() - start) / 1e9, all.size(), stable, all.getFirst(),
                windows.getLast().medianMs());
    }
}
