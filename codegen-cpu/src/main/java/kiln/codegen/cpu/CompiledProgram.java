package kiln.codegen.cpu;

import kiln.runtime.exec.ExecutionPlan;
import kiln.runtime.exec.Executor;
import kiln.runtime.exec.KernelLibrary;

/** A compiled program: its generated source, its loaded kernels and the plan that runs them. */
public record CompiledProgram(JavaSource source, KernelLibrary kernels, ExecutionPlan plan) {
    /** A new executor, with buffers of its own. */
    public Executor executor() {
        return new Executor(kernels, plan);
    }
}
