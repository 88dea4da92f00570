package kiln.passes.fusion;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.ScalarType;

/** Runs f32 kernels on the loop interpreter over arrays shared by parameter name, filled from a seed. */
final class KernelRuns {
    static final int[] LANES = {4, 8, 16};

    private KernelRuns() {
    }

    /** Runs the kernels in order; every array by name afterwards, each filled from the seed when first seen. */
    static Map<String, float[]> run(List<Kernel> kernels, int lanes, long seed) {
        Map<String, float[]> byName = new LinkedHashMap<>();
        for (Kernel k : kernels) {
            Map<Buffer, Object> arrays = new HashMap<>();
            for (Buffer b : k.params()) {
                if (b.type() != ScalarType.F32) {
                    throw new IllegalArgumentException("test kernels take f32 buffers only");
                }
                float[] a = byName.computeIfAbsent(b.name(), n -> {
                    SplittableRandom r = new SplittableRandom(seed ^ n.hashCode());
                    float[] x = new float[(int) b.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (r.nextDouble() * 4 - 2);
                    }
                    return x;
                });
                arrays.put(b, a);
            }
            new LoopInterpreter(lanes).run(k, arrays);
        }
        return byName;
    }
}
