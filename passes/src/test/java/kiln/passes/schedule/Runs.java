package kiln.passes.schedule;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.ScalarType;

/** Runs kernels on the Loop IR interpreter with seeded inputs and compares results. */
final class Runs {
    static final int[] LANES = {4, 8, 16};

    private Runs() {
    }

    /**
     * Runs {@code k} with every parameter filled from the seed (by name, so that kernels with the same
     * parameters get the same data); returns the parameters' contents afterwards, by name.
     */
    static Map<String, float[]> run(Kernel k, int lanes, long seed) {
        Map<Buffer, Object> arrays = new HashMap<>();
        Map<String, float[]> byName = new LinkedHashMap<>();
        for (Buffer b : k.params()) {
            if (b.type() != ScalarType.F32) {
                throw new IllegalArgumentException("test kernels take f32 buffers only");
            }
            Random r = new Random(seed ^ b.name().hashCode());
            float[] a = new float[(int) b.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian());
            }
            arrays.put(b, a);
            byName.put(b.name(), a);
        }
        new LoopInterpreter(lanes).run(k, arrays);
        return byName;
    }

    /**
     * Runs kernels in order on one set of arrays, bound to parameters by name and filled from the seed when
     * first seen; returns every array by name.
     */
    static Map<String, float[]> runAll(java.util.List<Kernel> kernels, int lanes, long seed) {
        Map<String, float[]> byName = new LinkedHashMap<>();
        for (Kernel k : kernels) {
            Map<Buffer, Object> arrays = new HashMap<>();
            for (Buffer b : k.params()) {
                float[] a = byName.computeIfAbsent(b.name(), n -> {
                    Random r = new Random(seed ^ n.hashCode());
                    float[] x = new float[(int) b.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                    return x;
                });
                arrays.put(b, a);
            }
            new LoopInterpreter(lanes).run(k, arrays);
        }
        return byName;
    }

    /** Asserts that {@code after} computes bit for bit what {@code before} does, at every lane count. */
    static void assertSame(Kernel before, Kernel after, long seed, String what) {
        compare(before, after, seed, what, 0);
    }

    /** Asserts agreement within a normwise relative error, for passes that change rounding (fma). */
    static void assertClose(Kernel before, Kernel after, long seed, String what, double tolerance) {
        compare(before, after, seed, what, tolerance);
    }

    private static void compare(Kernel before, Kernel after, long seed, String what, double tolerance) {
        for (int lanes : LANES) {
            Map<String, float[]> want = run(before, lanes, seed);
            Map<String, float[]> got;
            try {
                got = run(after, lanes, seed);
            } catch (RuntimeException e) {
                throw new AssertionError(message(before, after, seed, what, lanes, e.getMessage()), e);
            }
            for (var e : want.entrySet()) {
                float[] g = got.get(e.getKey());
                if (g == null) {
                    continue; // a buffer fused away
                }
                String problem = differ(e.getValue(), g, tolerance);
                if (problem != null) {
                    throw new AssertionError(message(before, after, seed, what, lanes, e.getKey() + ": " + problem));
                }
            }
        }
    }

    private static String differ(float[] want, float[] got, double tolerance) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            boolean bothNaN = Float.isNaN(want[i]) && Float.isNaN(got[i]);
            if (tolerance == 0 && !bothNaN && Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                return "element " + i + " is " + got[i] + ", expected " + want[i];
            }
            if (!bothNaN) {
                num += (double) (want[i] - got[i]) * (want[i] - got[i]);
                den += (double) want[i] * want[i];
            }
        }
        if (tolerance > 0 && !(Math.sqrt(num) <= tolerance * Math.sqrt(den) + 1e-30)) {
            return "normwise relative error " + Math.sqrt(num / Math.max(den, 1e-300)) + " over " + tolerance;
        }
        return null;
    }

    private static String message(Kernel before, Kernel after, long seed, String what, int lanes, String problem) {
        return what + " changed the result at f32 lanes " + lanes + " (seed " + seed + "): " + problem + "\nbefore:\n"
                + LoopPrinter.print(before) + "after:\n" + LoopPrinter.print(after);
    }
}
