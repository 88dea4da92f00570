package kiln.passes.schedule;

/**
 * The machine a schedule is made for: what the cost models and tile shapes of the strategies depend on.
 *
 * <ul>
 *   <li>{@code vectorBits}: the vector width the generated code runs at (128, 256 or 512). Schedules tile and
 *       pack weights for it: {@code lanes(f32)} is {@code vectorBits / 32} in the compiled program, which the
 *       code generator fixes in the generated class.</li>
 *   <li>{@code vectorRegisters}: 16 with AVX2 and 128-bit vectors, 32 with AVX-512. A register tile of R × V
 *       vectors needs R·V accumulators, V loaded vectors and registers for the broadcasts, some of which C2 streams from memory: R·V + R + V may exceed the count by
 *       one (see {@code OuterProductTiling.tileShape}).</li>
 *   <li>{@code l1Bytes}, {@code l2Bytes}: data cache sizes per core, for cache blocking.</li>
 *   <li>{@code peakGflops}, {@code bandwidthGBs}: the FMA peak and DRAM bandwidth of all cores together, for
 *       the roofline a strategy compares its flops and bytes against (the ridge point is their ratio).</li>
 * </ul>
 *
 * {@link #host()} describes the machine the compiler runs on; each value can be set with a system property
 * {@code kiln.target.NAME} (for example {@code -Dkiln.target.vectorBits=512} to compile for AVX-512 on
 * another machine). The defaults of the caches, peak and bandwidth are those of a 2-core AVX2 server (a Zen 3
 * EPYC: 32 KiB L1d and 1 MiB L2 per core, about 170 GFLOP/s and 20 GB/s); only their ratios steer choices.
 */
public record Target(int vectorBits, int vectorRegisters, long l1Bytes, long l2Bytes, double peakGflops,
        double bandwidthGBs) {

    public Target {
        if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("vector width " + vectorBits + " is not 128, 256 or 512 bits");
        }
        if (vectorRegisters < 8 || l1Bytes <= 0 || l2Bytes <= 0 || peakGflops <= 0 || bandwidthGBs <= 0) {
            throw new IllegalArgumentException("implausible target " + vectorRegisters + " registers, " + l1Bytes
                    + " B L1, " + l2Bytes + " B L2, " + peakGflops + " GFLOP/s, " + bandwidthGBs + " GB/s");
        }
    }

    /** A target with {@code vectorBits}-bit vectors and the default caches and ceilings. */
    public static Target of(int vectorBits) {
        return new Target(vectorBits, vectorBits == 512 ? 32 : 16, 32 << 10, 1 << 20, 170, 20);
    }

    /** The machine this process runs on, as the system properties {@code kiln.target.*} adjust it. */
    public static Target host() {
        Target d = of(Integer.getInteger("kiln.target.vectorBits", hostVectorBits()));
        return new Target(d.vectorBits, Integer.getInteger("kiln.target.vectorRegisters", d.vectorRegisters),
                Long.getLong("kiln.target.l1Bytes", d.l1Bytes), Long.getLong("kiln.target.l2Bytes", d.l2Bytes),
                doubleProperty("kiln.target.peakGflops", d.peakGflops),
                doubleProperty("kiln.target.bandwidthGBs", d.bandwidthGBs));
    }

    /** f32 lanes of a vector: {@code lanes(f32)} where the program runs. */
    public int lanes() {
        return vectorBits / 32;
    }

    /** Flops per byte above which a kernel is bound by the FMA peak rather than by bandwidth. */
    public double ridge() {
        return peakGflops / bandwidthGBs;
    }

    /**
     * The vector width of this process: the runtime's {@code VectorWidth.BITS} (the machine's preferred width,
     * or the one {@code kiln.vector.bits} forces) where the Vector API module is loaded, else that property or
     * 256. The code generator uses the same width for generated classes.
     */
    static int hostVectorBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return kiln.runtime.exec.VectorWidth.BITS;
        }
        String forced = System.getProperty("kiln.vector.bits");
        return forced == null || forced.isBlank() ? 256 : Integer.parseInt(forced.strip());
    }

    private static double doubleProperty(String name, double fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.strip());
    }
}
