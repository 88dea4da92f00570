package kiln.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import kiln.cli.compile.CompileOptions;
import kiln.cli.compile.Compilation;
import kiln.cli.compile.CpuCompiler;
import kiln.cli.compile.ModelJar;
import kiln.cli.compile.Provenance;
import kiln.codegen.cpu.KernelCompiler;
import kiln.passes.graph.GraphPipelines;
import kiln.runtime.model.ModelManifest;
import kiln.runtime.model.TensorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln compile}: compiles a model into a standalone jar — Kiln's runtime, the generated kernels, the
 * packed weights and the metadata — that runs with {@code java -jar} on any JDK 25.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles a model into a standalone inference jar: run it with 'java -jar OUT.jar' "
                + "(a JDK 25 or newer), or load it from Java with kiln.runtime.model.CompiledModel."})
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: .kiln (Kiln language), .kir (Graph IR "
            + "text) or .onnx.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.safetensors",
            description = "Weights, bound to parameters by name. Without it, parameters take Kiln's default "
                    + "deterministic initialisation (ONNX models keep their own initializers).")
    Path weights;

    @Option(names = "--batch", paramLabel = "N",
            description = "The batch size to compile for, for a model with a symbolic batch dimension N (default: 1).")
    Integer batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "The jar's default number of threads; 0 (the default) uses one per core.")
    int threads;

    @Option(names = "--opt-level", paramLabel = "LEVEL", defaultValue = GraphPipelines.DEFAULT,
            description = "Graph optimisations: O0 (none) or O1 (folding, common subexpressions, dead code; the "
                    + "default).")
    String level;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "cpu",
            description = "What to compile for: cpu (the GPU backend is not built yet).")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.jar", required = true, description = "The jar to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        checkTarget(target);
        if (batch != null && batch < 1) {
            throw new UserError("--batch must be at least 1, got " + batch);
        }
        if (threads < 0) {
            throw new UserError("--threads must be 0 (one per core) or more, got " + threads);
        }
        if (!GraphPipelines.names().contains(level)) {
            throw new UserError("--opt-level is " + String.join(" or ", GraphPipelines.names()) + ", not '" + level + "'");
        }
        try (ModelFiles.Loaded loaded = ModelFiles.load(model, weights)) {
            if (batch != null && loaded.graph().isStatic()) {
                throw new UserError("--batch " + batch + ": " + model + " has fixed shapes (no batch dimension N), "
                        + "so it compiles for the batch size it states");
            }
            if (loaded.defaultWeights()) {
                spec.commandLine().getErr().println("kiln: no --weights given: using the default initialisation");
            }
            Provenance provenance = Provenance.of("kiln " + Version.current(), model, weights, loaded.defaultWeights());
            CompileOptions options = new CompileOptions(batch == null ? 1 : batch, threads, level, false);
            Compilation c = CpuCompiler.compile(loaded.graph(), loaded.weights(), options);
            ModelManifest m = ModelJar.write(output, c, provenance, threads, KernelCompiler.standard());
            var out = spec.commandLine().getOut();
            out.println("wrote " + output + ": " + m.name() + (m.batch() > 0 ? " at batch " + m.batch() : "") + ", "
                    + m.kernels().size() + " kernels, weights " + megabytes(m.weights().bytes()) + ", arena "
                    + megabytes(m.arenaBytes()));
            for (TensorSpec s : m.inputSpecs()) {
                out.println("  input  " + s);
            }
            for (TensorSpec s : m.outputSpecs()) {
                out.println("  output " + s);
            }
            out.flush();
        }
        return Main.OK;
    }

    static void checkTarget(String target) {
        switch (target) {
            case "cpu" -> {
            }
            case "gpu", "cpu,gpu", "gpu,cpu" -> throw new UserError("--target " + target + ": Kiln's GPU backend is not "
                    + "built yet; compile with --target cpu");
            default -> throw new UserError("--target is cpu, gpu or cpu,gpu, not '" + target + "'");
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
