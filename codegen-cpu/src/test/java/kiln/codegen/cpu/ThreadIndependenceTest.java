package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kernels with parallel loops give bit-identical results on 1, 2 and 3 threads, and the interpreter's; loops too
 * small to be worth forking run on the caller's thread.
 */
class ThreadIndependenceTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        // Sizes above KernelEmitter.MIN_PARALLEL_WORK, so that every parallel loop runs on the pool.
        List<Kernel> kernels = List.of(
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("row_sum"), 601, 31),
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("captures"), 67, 251),
                KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("broadcast_add"), 311, 67),
                TiledMatmul.matmul(24, 3 * 16 * 2, 17));
        for (Kernel k : kernels) {
            assertTrue(source(k).contains("Parallel.forRange("), k.name() + " forks");
            KernelLibrary lib = Differential.compile(k);
            Differential.check(lib, k, 7, false, 0);
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

    @Test
    void smallParallelLoopsRunOnTheCallersThread() {
        Kernel k = KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("broadcast_add"), 31, 17);
        String source = source(k);
        assertFalse(source.contains("Parallel.forRange("), source);
        assertTrue(source.contains("runs on its thread, forking would cost more"), source);
        Differential.check(Differential.compile(k), k, 11, true, 0);
    }

    private static String source(Kernel k) {
        return JavaEmitter.emit("Test_" + Names.sanitize(k.name()), List.of(k)).text();
    }
}
