package kiln.codegen.cpu;

import java.util.Locale;
import kiln.ir.loop.Program;
import kiln.runtime.exec.ExecutionPlan;

/**
 * The CPU backend's entry point: a Loop IR {@link Program} to Java source ({@link JavaEmitter}), compiled in
 * this process ({@link KernelCompiler}), linked with a storage layout into something an executor runs.
 */
public final class CpuBackend {
    private CpuBackend() {
    }

    /** Compiles {@code p} with every storage in its own array and the standard class cache. */
    public static CompiledProgram compile(Program p) {
        return compile(p, StorageLayout.ownArrays(), KernelCompiler.standard());
    }

    public static CompiledProgram compile(Program p, StorageLayout layout, KernelCompiler compiler) {
        JavaSource source = emit(p);
        return new CompiledProgram(source, compiler.load(source), ProgramLinker.plan(p, layout));
    }

    /**
     * The plan that runs {@code p}'s kernels, as {@link #emit} numbers them, on storage placed as {@code layout}
     * says: with the class files of the emitted source, everything a model jar needs to run {@code p}.
     */
    public static ExecutionPlan link(Program p, StorageLayout layout) {
        return ProgramLinker.plan(p, layout);
    }

    /** The generated source of {@code p}: its kernels, each once, in order of first call. */
    public static JavaSource emit(Program p) {
        return JavaEmitter.emit(className(p.name()), ProgramLinker.kernels(p));
    }

    /** The generated source of {@code p} with vectors of {@code vectorBits} bits, the width it was scheduled for. */
    public static JavaSource emit(Program p, int vectorBits) {
        return JavaEmitter.emit(className(p.name()), ProgramLinker.kernels(p), vectorBits);
    }

    /** A class name for a program: its name as an identifier, capitalised. */
    static String className(String programName) {
        String s = Names.sanitize(programName);
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
