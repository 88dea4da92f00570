package kiln.cli.compile;

import java.util.List;
import java.util.Map;
import kiln.codegen.cpu.JavaSource;
import kiln.codegen.cpu.KernelCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.loop.Program;
import kiln.passes.memory.MemoryPlan;
import kiln.runtime.exec.ExecutionPlan;
import kiln.runtime.exec.Executor;
import kiln.runtime.model.KernelInfo;

/**
 * A model compiled for the CPU, before its Java is compiled: what each stage of {@link CpuCompiler} made.
 *
 * @param graph   the model with its batch size bound
 * @param batch   what N was bound to, 0 when the model's shapes were fixed
 * @param vectorBits the vector width the kernels were scheduled and generated for
 * @param program the scheduled program, with packed weights among its constants
 * @param memory  where its activations live in the arenas
 * @param source  the generated kernels
 * @param plan    how to run them: slots (constants hold the weights, packed), calls, inputs, outputs
 * @param kernels what each generated kernel computes, in the order of {@code source.kernelNames()}
 */
public record Compilation(Graph graph, int batch, int vectorBits, Program program, MemoryPlan memory, JavaSource source,
        ExecutionPlan plan, List<KernelInfo> kernels) {

    public Compilation {
        kernels = List.copyOf(kernels);
    }

    /** An executor of the compiled model, its kernels compiled (or taken from {@code compiler}'s caches) and loaded. */
    public Executor executor(KernelCompiler compiler) {
        return new Executor(compiler.load(source), plan);
    }

    /** The class files of the generated kernels, by binary name. */
    public Map<String, byte[]> classes(KernelCompiler compiler) {
        return compiler.classes(source);
    }
}
