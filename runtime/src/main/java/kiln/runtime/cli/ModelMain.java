package kiln.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.Parallel;
import kiln.runtime.io.Npy;
import kiln.runtime.io.TensorFileException;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.KernelInfo;
import kiln.runtime.model.ModelFormatException;
import kiln.runtime.model.ModelManifest;
import kiln.runtime.model.TensorSpec;

/**
 * The main class of a model jar: {@code java -jar MODEL.jar [--input [NAME=]FILE.npy]... [--output
 * [NAME=]FILE.npy]... [--threads N] [--device cpu|gpu] [--bench N]}. Runs the model on the class path once,
 * prints one line per output and writes the outputs asked for; inputs not given are the deterministic seeded
 * random values {@code kiln run} uses. With {@code --bench N} it then runs N timed iterations after a warm-up
 * and ends with {@code bench: N runs, median X ms, min Y ms}.
 *
 * <p>Exit codes as {@code kiln}'s: 0 success, 1 a mistake of the user's (one line), 2 an internal error (with a
 * stack trace). The kernels need the Vector API module; started without it, {@link #main} starts the same
 * JVM again with it ({@link Relaunch}).
 */
public final class ModelMain {
    static final String USAGE = """
            Usage: java -jar MODEL.jar [--input [NAME=]FILE.npy]... [--output [NAME=]FILE.npy]...
                                       [--threads N] [--device cpu|gpu] [--bench N] [--info] [--help]
            Runs the compiled model once and prints a summary of each output.
              --input NAME=FILE.npy   an input (the name may be left out when the model has one input);
                                      inputs not given are seeded random values, uniform in [-1, 1)
              --output NAME=FILE.npy  write an output (the name may be left out when the model has one output)
              --threads N             threads for the kernels (default: the model's, else one per core)
              --device cpu|gpu        where to run (only cpu exists yet)
              --bench N               then run N timed iterations after a warm-up and print
                                      'bench: N runs, median X ms, min Y ms'
              --info                  print what the model is (inputs, outputs, kernels, provenance)
            Exit codes: 0 success, 1 a wrong input or option, 2 an internal error.
            """;
    /** Warm-up before timed runs: at least this many runs (the first included) and this much time. */
    static final int WARMUP_RUNS = 3;
    static final long WARMUP_NANOS = 1_000_000_000L;

    private ModelMain() {
    }

    public static void main(String[] args) {
        if (!Relaunch.hasVectorModule()) {
            System.exit(Relaunch.run(ModelMain.class.getName(), args));
        }
        System.exit(execute(args, System.out, System.err));
    }

    /** Where the model to run comes from. */
    @FunctionalInterface
    public interface Source {
        CompiledModel open() throws IOException;
    }

    /** Runs the command line on the model on the class path, with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, CompiledModel::fromClasspath);
    }

    /** Runs the command line on the model {@code source} opens, with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err, Source source) {
        String program = programName();
        try {
            ModelArgs a = ModelArgs.parse(args);
            if (a.help()) {
                out.print(USAGE);
                return 0;
            }
            if (a.device() == ModelArgs.Device.gpu) {
                throw new UsageException("--device gpu: Kiln's GPU backend is not built yet; this model runs on the "
                        + "CPU (--device cpu)");
            }
            try (CompiledModel model = source.open()) {
                if (a.info()) {
                    printInfo(model.manifest(), out);
                    return 0;
                }
                run(model, a, out);
            }
            out.flush();
            return 0;
        } catch (UsageException | ModelFormatException | TensorFileException e) {
            err.println(program + ": error: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println(program + ": error: no such file: " + e.getFile());
            return 1;
        } catch (AccessDeniedException e) {
            err.println(program + ": error: permission denied: " + e.getFile());
            return 1;
        } catch (IOException e) {
            err.println(program + ": error: " + e.getMessage());
            return 1;
        } catch (RuntimeException | Error e) {
            err.println(program + ": internal error: " + e);
            e.printStackTrace(err);
            err.println("This is a bug in Kiln; please report it with the command line above.");
            return 2;
        }
    }

    private static void run(CompiledModel model, ModelArgs a, PrintStream out) throws IOException {
        List<TensorSpec> ins = model.inputs();
        List<TensorSpec> outs = model.outputs();
        Map<String, Path> inputFiles = TensorArgs.resolve(a.inputs(), "input", ins.stream().map(TensorSpec::name).toList());
        Map<String, Path> outputFiles = TensorArgs.resolve(a.outputs(), "output",
                outs.stream().map(TensorSpec::name).toList());
        for (Path p : outputFiles.values()) {
            checkWritable(p);
        }
        int threads = a.threads() != null ? a.threads() : model.manifest().threads();
        if (threads > 0) {
            Parallel.setThreads(threads);
        }
        Tensor[] inputs = new Tensor[ins.size()];
        for (int i = 0; i < inputs.length; i++) {
            TensorSpec spec = ins.get(i);
            Path file = inputFiles.get(spec.name());
            inputs[i] = file == null ? SeededRandom.input(spec.name(), spec.dtype(), spec.shape()) : read(spec, file, model);
        }
        Tensor[] outputs = new Tensor[outs.size()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = Tensor.zeros(outs.get(i).dtype(), outs.get(i).shape());
        }
        model.run(inputs, outputs);
        for (int i = 0; i < outputs.length; i++) {
            out.println(Summary.of(outs.get(i).name(), outputs[i]));
        }
        for (int i = 0; i < outputs.length; i++) {
            Path file = outputFiles.get(outs.get(i).name());
            if (file != null) {
                Npy.write(file, outputs[i]);
            }
        }
        if (a.bench() > 0) {
            out.flush();
            out.println(bench(model, inputs, outputs, a.bench()));
        }
    }

    private static Tensor read(TensorSpec spec, Path file, CompiledModel model) throws IOException {
        Tensor t = Npy.read(file);
        if (!spec.accepts(t)) {
            String batch = model.manifest().batch() > 0 && t.dtype() == spec.dtype() && t.rank() == spec.shape().length
                    ? " (the model was compiled for batch " + model.manifest().batch() + ": kiln compile --batch N)" : "";
            throw new UsageException(file + ": input '" + spec.name() + "' is " + t.typeString()
                    + " but the model expects " + spec.typeString() + batch);
        }
        return t;
    }

    /** Fails early, before a long run, when an output cannot be written where it is asked for. */
    private static void checkWritable(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException("cannot write " + file + ": no such folder " + folder);
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("cannot write " + file + ": it is a folder");
        }
        if (!Files.isWritable(folder)) {
            throw new UsageException("cannot write " + file + ": permission denied");
        }
    }

    /** Warm-up, then {@code n} timed runs; the line {@code bench: N runs, median X ms, min Y ms}. */
    static String bench(CompiledModel model, Tensor[] inputs, Tensor[] outputs, int n) {
        long start = System.nanoTime();
        for (int done = 1; done < WARMUP_RUNS || System.nanoTime() - start < WARMUP_NANOS; done++) {
            model.run(inputs, outputs);
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            model.run(inputs, outputs);
            times[i] = System.nanoTime() - t0;
        }
        return benchLine(times);
    }

    static String benchLine(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return String.format(Locale.ROOT, "bench: %d runs, median %.3f ms, min %.3f ms", n, median / 1e6, sorted[0] / 1e6);
    }

    private static void printInfo(ModelManifest m, PrintStream out) {
        out.println(m.name() + " (compiled by " + m.compiler() + " for " + m.target() + " with " + m.vectorBits()
                + "-bit vectors" + (m.batch() > 0 ? ", batch " + m.batch() : "") + ")");
        out.println("source: " + m.source().file() + " (sha256 " + m.source().sha256() + ")");
        out.println("weights: " + m.weights().bytes() + " bytes, " + m.weights().origin()
                + (m.weights().file() == null ? "" : " " + m.weights().file()) + " (sha256 " + m.weights().sha256() + ")");
        out.println("arena: " + m.arenaBytes() + " bytes");
        for (TensorSpec s : m.inputSpecs()) {
            out.println("input  " + s);
        }
        for (TensorSpec s : m.outputSpecs()) {
            out.println("output " + s);
        }
        out.println(m.kernels().size() + " kernels, " + m.calls().size() + " calls:");
        for (KernelInfo k : m.kernels()) {
            List<String> from = new ArrayList<>();
            for (KernelInfo.Origin o : k.origins()) {
                from.add(o.op() + " " + o.value() + " -> " + String.join(", ", o.outputs()));
            }
            out.println("  " + k.name() + ": " + (from.isEmpty() ? "(added by the compiler)" : String.join("; ", from)));
        }
    }

    /** The jar's file name, as users typed it, for messages. */
    private static String programName() {
        try {
            var source = ModelMain.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                String path = source.getLocation().getPath();
                String name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
                if (name.endsWith(".jar")) {
                    return name;
                }
            }
        } catch (SecurityException e) {
            // fall through
        }
        return "kiln-model";
    }
}
