package kiln.bench;

import java.util.List;

/**
 * When warm-up is over: the JIT has compiled what it will once the median time of a window of runs stops
 * improving. Generated kernels need C2 to compile hundreds of methods, and a whole model keeps getting faster
 * for tens of seconds, so a fixed warm-up either wastes time on layers or measures models half compiled.
 *
 * @param improvement the relative gain that still counts as improving (0.03: a window 3% faster than every
 *                    earlier one)
 * @param calm        how many windows in a row must not improve
 */
record Stability(double improvement, int calm) {
    static final Stability DEFAULT = new Stability(0.03, 2);

    /** Whether the last {@code calm} window medians each fail to beat every earlier one by {@code improvement}. */
    boolean stable(List<Double> windowMedians) {
        int n = windowMedians.size();
        if (n < calm + 1) {
            return false;
        }
        for (int i = n - calm; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < i; j++) {
                best = Math.min(best, windowMedians.get(j));
            }
            if (windowMedians.get(i) < (1 - improvement) * best) {
                return false;
            }
        }
        return true;
    }
}
