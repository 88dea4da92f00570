package kiln.bench;

import java.util.concurrent.Callable;

/**
 * A workload in the suite's list, built only when it is run (whole models take a while to load).
 *
 * @param name       what the name filter matches
 * @param wholeModel a whole model (warm-up takes longer) rather than a single layer
 * @param build      makes the workload
 */
record Planned(String name, boolean wholeModel, Callable<Workload> build) {
}
