package kiln.bench;

/**
 * This machine's ceilings, measured in the same run as the workloads (the machines are shared: only numbers
 * from one run compare).
 *
 * @param fma1      f32 FMA GFLOP/s on one thread
 * @param fma       f32 FMA GFLOP/s on all the suite's threads: the compute ceiling
 * @param bandwidth DRAM GB/s on all the suite's threads (triad)
 */
record Ceilings(double fma1, double fma, double bandwidth) {
    /** The better of two measurements of each ceiling. */
    Ceilings max(Ceilings o) {
        return new Ceilings(Math.max(fma1, o.fma1), Math.max(fma, o.fma), Math.max(bandwidth, o.bandwidth));
    }

    /** Flop per byte above which a workload is bound by compute rather than memory. */
    double ridge() {
        return fma / bandwidth;
    }

    /** The roofline floor of {@code cost}: its least time, in ms, on this machine. */
    Roofline roofline(Cost cost) {
        double compute = cost.flops() / fma / 1e6;
        double memory = cost.bytes() / bandwidth / 1e6;
        return compute >= memory ? new Roofline(compute, Roofline.Bound.COMPUTE) : new Roofline(memory, Roofline.Bound.MEMORY);
    }

    /**
     * The least time a workload can take: the larger of its flops at the FMA peak and its least bytes at the
     * DRAM bandwidth.
     */
    record Roofline(double ms, Bound bound) {
        enum Bound {
            COMPUTE("compute"), MEMORY("memory");

            final String text;

            Bound(String text) {
                this.text = text;
            }
        }
    }
}
