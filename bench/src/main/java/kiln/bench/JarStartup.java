package kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kiln.cli.compile.CompileOptions;
import kiln.cli.compile.Compilation;
import kiln.cli.compile.CpuCompiler;
import kiln.cli.compile.ModelJar;
import kiln.cli.compile.Provenance;
import kiln.codegen.cpu.KernelCompiler;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.TensorSpec;

/**
 * A model jar as its user meets it: written by {@link ModelJar} as {@code kiln compile} writes it, started with
 * {@code java -jar MODEL.jar --input … --output …} in a fresh JVM (wall time from the start to the exit, which
 * includes the jar's restart with the Vector API module, loading, and a first inference in barely compiled
 * code), and then loaded with {@link CompiledModel} in this process and run to its steady state.
 */
final class JarStartup {
    /**
     * @param name   the jar's file name
     * @param coldMs best wall time of {@code java -jar} to its exit, over the starts
     * @param steady the run times after warm-up, through {@link CompiledModel#run(Tensor[], Tensor[])}
     * @param warmUp how warm-up went
     * @param error  normwise relative error of the jar's output file against the expected outputs
     */
    record Result(String name, double coldMs, Samples steady, Sampler.WarmUp warmUp, double error) {
    }

    private JarStartup() {
    }

    static Result measure(Workload w, Map<String, float[]> expected, Path dir, int starts, Sampler warmUp,
            Sampler sampler, double capSeconds, int windows) throws Exception {
        Files.createDirectories(dir);
        Path jar = dir.resolve(w.name() + ".jar");
        Compilation c = CpuCompiler.compile(w.graph(), w.weights(), CompileOptions.defaults());
        Path source = w.onnxFile() != null ? w.onnxFile() : Files.writeString(dir.resolve(w.name() + ".txt"), w.graph().toString());
        ModelJar.write(jar, c, Provenance.of("kiln bench", source, null, false), 0, KernelCompiler.standard());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        for (Map.Entry<String, Tensor> e : w.inputs().entrySet()) {
            Path file = dir.resolve(w.name() + ".in." + e.getKey() + ".npy");
            Npy.write(file, e.getValue());
            command.addAll(List.of("--input", e.getKey() + "=" + file));
        }
        Map<String, Path> outFiles = new LinkedHashMap<>();
        for (String out : expected.keySet()) {
            Path file = dir.resolve(w.name() + ".out." + out + ".npy");
            outFiles.put(out, file);
            command.addAll(List.of("--output", out + "=" + file));
        }
        double cold = Double.MAX_VALUE;
        for (int i = 0; i < starts; i++) {
            cold = Math.min(cold, start(command, dir.resolve(w.name() + ".log")));
        }
        Map<String, float[]> got = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : outFiles.entrySet()) {
            got.put(e.getKey(), Npy.read(e.getValue()).toFloatArray());
        }
        double error = Agreement.worst(expected, got);

        try (CompiledModel model = CompiledModel.load(jar)) {
            Tensor[] ins = model.inputs().stream().map(s -> w.inputs().get(s.name())).toArray(Tensor[]::new);
            Tensor[] outs = model.outputs().stream().map(JarStartup::zeros).toArray(Tensor[]::new);
            Runnable run = () -> model.run(ins, outs);
            Sampler.WarmUp warm = warmUp.warmUp(run, Stability.DEFAULT, capSeconds);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < windows; i++) {
                sampler.window(run, ms);
            }
            return new Result(jar.getFileName().toString(), cold, Samples.of(ms), warm, error);
        }
    }

    private static Tensor zeros(TensorSpec s) {
        return Tensor.zeros(s.dtype(), s.shape());
    }

    /** Milliseconds from starting {@code command} to its exit, which must be 0. */
    private static double start(List<String> command, Path log) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 300 s");
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
        return ms;
    }
}
