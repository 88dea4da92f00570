package kiln.bench;

import java.util.List;

/**
 * When warm-up is over: the JIT has compiled what it will once the median time of a window of runs stops
 * improving and the JIT compilers have gone quiet. Generated kernels need C2 to compile hundreds of methods, and
 * a whole model keeps getting faster for tens of seconds; on a loaded machine C2's queue can stall long enough
 * for the times of C1-compiled code to look settled, which the JIT's own activity gives away.
 *
 * @param improvement the relative gain that still counts as improving (0.03: a window 3% faster than every
 *                    earlier one)
 * @param calm        how many windows in a row must not improve
 * @param quietJitMs  the most JIT compilation time (all compiler threads, ms) a calm window may see
 */
record Stability(double improvement, int calm, double quietJitMs) {
    static final Stability DEFAULT = new Stability(0.03, 2, 20);

    /** One window of runs: their median time and the JIT compilation time spent while they ran. */
    record Window(double medianMs, double jitMs) {
    }

    /**
     * Whether the last {@code calm} windows each fail to beat every earlier one by {@code improvement}, with the
     * JIT quiet while they ran.
     */
    boolean stable(List<Window> windows) {
        int n = windows.size();
        if (n < calm + 1) {
            return false;
        }
        for (int i = n - calm; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < i; j++) {
                best = Math.min(best, windows.get(j).medianMs());
            }
            if (windows.get(i).medianMs() < (1 - improvement) * best || windows.get(i).jitMs() > quietJitMs) {
                return false;
            }
        }
        return true;
    }
}
