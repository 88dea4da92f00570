package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.cli.ModelMain;
import kiln.runtime.io.Npy;
import kiln.runtime.model.CompiledModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model jar's command line, as ARCHITECTURE.md states it: {@code java -jar OUT.jar [--input NAME=FILE.npy]...
 * [--output NAME=FILE.npy]... [--threads N] [--device cpu|gpu] [--bench N]}. The first tests start real child
 * JVMs with nothing but the jar (so the jar deals with the Vector API module itself); the error paths run
 * the jar's main class in this process.
 */
class ModelJarCommandLineTest {
    private static final String BENCH_LINE = "bench: \\d+ runs, median \\d+\\.\\d{3} ms, min \\d+\\.\\d{3} ms";

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void compile() {
        jar = Kiln.compile(Kiln.example("residual.kir"), dir.resolve("residual.jar"));
    }

    @Test
    void javaDashJarRunsTheModelOnGivenInputsAndBenchmarks() throws Exception {
        Tensor x = SeededRandom.uniform("x", 7, DType.F32, new int[] {1, 1, 6, 6}, -3, 3);
        Npy.write(dir.resolve("in.npy"), x);
        Kiln r = Kiln.java(dir, 120, "-jar", jar.toString(), "--input", "x=in.npy", "--output", "y=out.npy",
                "--threads", "2", "--bench", "5");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err(), "the incubator warning is filtered, nothing else is printed");
        List<String> lines = r.outLines();
        assertTrue(lines.getFirst().startsWith("y: f32[1, 2, 3, 3]  min "), r.out());
        assertTrue(lines.getLast().matches(BENCH_LINE.replace("\\d+ runs", "5 runs")), lines.getLast());
        Tensor y = Npy.read(dir.resolve("out.npy"));
        try (CompiledModel m = CompiledModel.load(jar)) {
            assertTrue(m.run(Map.of("x", x)).get("y").contentEquals(y));
        }
    }

    @Test
    void theJarAloneOnTheClassPathRunsWithSeededInputs() throws Exception {
        Kiln r = Kiln.java(dir, 120, "-cp", jar.toString(), ModelMain.class.getName(), "--output", "seeded.npy");
        assertEquals(0, r.exitCode(), r.err());
        Tensor y = Npy.read(dir.resolve("seeded.npy"));
        try (CompiledModel m = CompiledModel.load(jar)) {
            Tensor x = SeededRandom.input("x", DType.F32, new int[] {1, 1, 6, 6});
            assertTrue(m.run(Map.of("x", x)).get("y").contentEquals(y), "inputs not given are SeededRandom.input");
        }
        assertEquals(1, r.outLines().size(), r.out());
    }

    @Test
    void errorsInAChildJvmExitWithOneLine() throws Exception {
        Kiln bad = Kiln.java(dir, 120, "-jar", jar.toString(), "--no-such-flag");
        assertEquals(1, bad.exitCode());
        assertEquals(List.of("residual.jar: error: unknown option '--no-such-flag'"), bad.errLines());
        Kiln gpu = Kiln.java(dir, 120, "-jar", jar.toString(), "--device", "gpu");
        assertEquals(1, gpu.exitCode());
        assertEquals(1, gpu.errLines().size(), gpu.err());
        assertTrue(gpu.err().contains("GPU backend is not built yet"), gpu.err());
    }

    /** The {@code java} on the PATH, which may be older than 25: the jar then says what it needs. */
    @Test
    void anOlderJavaSaysThatJava25IsNeeded() throws Exception {
        Path onPath = null;
        for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder, "java");
            if (onPath == null && !folder.isEmpty() && Files.isExecutable(candidate)) {
                onPath = candidate;
            }
        }
        Assumptions.assumeTrue(onPath != null, "no java on the PATH");
        Process p = new ProcessBuilder(onPath.toString(), "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Assumptions.assumeTrue(code != 0, "the java on the PATH is new enough: " + output.lines().findFirst().orElse(""));
        assertEquals(1, code, output);
        assertTrue(output.startsWith("residual.jar: error: this model needs Java 25 or newer, and this is Java "), output);
        assertEquals(1, output.lines().count(), output);
    }

    @Test
    void userMistakesAreOneLineAndExitOne() throws IOException {
        Npy.write(dir.resolve("wrong.npy"), Tensor.zeros(DType.F32, 2, 1, 6, 6));
        Npy.write(dir.resolve("ints.npy"), Tensor.zeros(DType.I64, 1, 1, 6, 6));
        assertOneLineError("input 'x' is f32[2, 1, 6, 6] but the model expects f32[1, 1, 6, 6] (the model was "
                + "compiled for batch 1", "--input", "x=" + dir.resolve("wrong.npy"));
        assertOneLineError("input 'x' is i64[1, 1, 6, 6] but the model expects f32[1, 1, 6, 6]",
                "--input", dir.resolve("ints.npy").toString());
        assertOneLineError("no such file", "--input", "x=" + dir.resolve("missing.npy"));
        assertOneLineError("the model has no input named 'z'", "--input", "z=" + dir.resolve("wrong.npy"));
        assertOneLineError("cannot write", "--output", "y=" + dir.resolve("no/such/folder/y.npy"));
        assertOneLineError("cannot write", "--output", "y=" + dir);
        assertOneLineError("--threads takes a positive integer, not '0'", "--threads", "0");
        assertOneLineError("--bench takes a positive integer, not 'x'", "--bench", "x");
        assertOneLineError("--device is cpu or gpu, not 'tpu'", "--device", "tpu");
        assertOneLineError("--input needs a value", "--input");
        assertOneLineError("unexpected argument 'x.npy'", "x.npy");
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void benchEndsTheOutputAndHelpAndInfoDescribeTheJar() {
        Run bench = main("--bench", "3");
        assertEquals(0, bench.code(), bench.err());
        List<String> lines = bench.out().lines().toList();
        assertEquals(2, lines.size(), bench.out());
        assertTrue(lines.get(1).matches(BENCH_LINE.replace("\\d+ runs", "3 runs")), lines.get(1));
        Run help = main("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: java -jar MODEL.jar"), help.out());
        Run info = main("--info");
        assertEquals(0, info.code());
        assertTrue(info.out().startsWith("residual (compiled by kiln "), info.out());
        assertTrue(info.out().contains("input  x: f32[1, 1, 6, 6]"), info.out());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> CompiledModel.load(jar));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineError(String expected, String... args) {
        Run r = main(args);
        assertEquals(1, r.code(), () -> String.join(" ", args) + ": " + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.getFirst().contains(expected), () -> "expected '" + expected + "' in: " + lines.getFirst());
    }
}
