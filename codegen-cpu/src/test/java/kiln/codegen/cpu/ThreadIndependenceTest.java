package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kernels with parallel loops give bit-identical results on 1, 2 and 3 threads. */
class ThreadIndependenceTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        List<Kernel> kernels = List.of(
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("row_sum"), 67, 31),
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("captures"), 17, 7),
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("broadcast_add"), 31, 17),
                TiledMatmul.matmul(12, 3 * 16 * 2, 7));
        for (Kernel k : kernels) {
            KernelLibrary lib = Differential.compile(k);
            Map<Buffer, Object> in = Differential.inputs(k, 5, true);
            Map<Buffer, Object> first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                Map<Buffer, Object> out = Differential.execute(lib, k, in);
                if (first == null) {
                    first = out;
                    continue;
                }
                for (Buffer b : k.params()) {
                    if (b.type() == kiln.ir.loop.ScalarType.F32) {
                        float[] x = (float[]) first.get(b);
                        float[] y = (float[]) out.get(b);
                        assertEquals(x.length, y.length);
                        for (int i = 0; i < x.length; i++) {
                            assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(y[i]),
                                    k.name() + " " + b.name() + "[" + i + "] with " + threads + " threads");
                        }
                    } else {
                        assertArrayEquals(new Object[] {first.get(b)}, new Object[] {out.get(b)});
                    }
                }
            }
        }
    }
}
