package kiln.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.cli.compile.CompileOptions;
import kiln.cli.compile.Compilation;
import kiln.cli.compile.CpuCompiler;
import kiln.codegen.cpu.KernelCompiler;
import kiln.runtime.Tensor;
import kiln.runtime.exec.Executor;

/**
 * Kiln on a workload: compiled in this process through the pipeline {@code kiln compile} uses (graph passes,
 * lowering, fusion, schedules with packed weights, memory plan, generated code), with its inputs bound once.
 */
final class KilnEngine {
    private final Executor executor;
    private final Map<String, Tensor> inputs;
    /** Seconds from the graph to a loaded executor (javac of the generated code included, unless cached). */
    final double compileSeconds;

    KilnEngine(Workload w, int threads) {
        long start = System.nanoTime();
        Compilation c = CpuCompiler.compile(w.graph(), w.weights(), CompileOptions.defaults().withThreads(threads));
        executor = c.executor(KernelCompiler.standard());
        compileSeconds = (System.nanoTime() - start) / 1e9;
        inputs = w.inputs();
    }

    /** One inference; its outputs stay in the executor's buffers. */
    void run() {
        executor.run(inputs);
    }

    /**
     * Java heap bytes one inference allocates, on every thread, averaged over {@code runs} (warm): the runtime
     * itself allocates nothing per run, so this is what generated kernels leave for the garbage collector.
     */
    long allocatedPerRun(int runs) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            run();
        }
        return (threads.getTotalThreadAllocatedBytes() - before) / runs;
    }

    /** One inference; its outputs, as f32, by name. */
    Map<String, float[]> outputs() {
        Map<String, float[]> out = new LinkedHashMap<>();
        executor.run(inputs).forEach((name, t) -> out.put(name, t.toFloatArray()));
        return out;
    }
}
