package kiln.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.model.CompiledModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln compile}: what it writes, and its mistakes as one line with exit code 1 and no partial jar. */
class CompileCommandTest {
    private static final String MODEL = CliRunner.root().resolve("examples/residual.kir").toString();

    @TempDir
    Path dir;

    @Test
    void compilesAJarAndSaysWhatItHolds() throws Exception {
        Path jar = dir.resolve("residual.jar");
        CliRunner r = CliRunner.run("compile", MODEL, "--batch", "3", "--threads", "1", "-o", jar.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote " + jar + ": residual at batch 3, "), r.out());
        assertTrue(r.out().contains("input  x: f32[3, 1, 6, 6]"), r.out());
        try (CompiledModel m = CompiledModel.load(jar)) {
            assertEquals(3, m.manifest().batch());
            assertEquals(1, m.manifest().threads());
            Tensor y = m.run(Map.of("x", Tensor.zeros(DType.F32, 3, 1, 6, 6))).get("y");
            assertEquals("f32[3, 2, 3, 3]", y.typeString());
        }
    }

    @Test
    void mistakesAreOneLineAndLeaveNoJar() throws IOException {
        Path jar = dir.resolve("out.jar");
        assertError("kiln: error: no such file: no/such/model.kiln", "compile", "no/such/model.kiln", "-o", jar.toString());
        assertError("kiln: error: --target gpu: Kiln's GPU backend is not built yet; compile with --target cpu",
                "compile", MODEL, "--target", "gpu", "-o", jar.toString());
        assertError("kiln: error: --target is cpu, gpu or cpu,gpu, not 'tpu'", "compile", MODEL, "--target", "tpu", "-o",
                jar.toString());
        assertError("kiln: error: --batch must be at least 1, got 0", "compile", MODEL, "--batch", "0", "-o", jar.toString());
        assertError("kiln: error: --threads must be 0 (one per core) or more, got -2", "compile", MODEL, "--threads", "-2",
                "-o", jar.toString());
        assertError("kiln: error: cannot write " + dir.resolve("no/such/out.jar") + ": no such folder "
                + dir.resolve("no/such"), "compile", MODEL, "-o", dir.resolve("no/such/out.jar").toString());
        assertError("kiln: error: cannot write " + dir + ": it is a folder", "compile", MODEL, "-o", dir.toString());
        CliRunner missing = CliRunner.run("compile", MODEL);
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("kiln: Missing required option: '--output=OUT.jar'"), missing.err());
        Path fixed = dir.resolve("fixed.kir");
        Files.writeString(fixed, "graph fixed {\n  input %x: f32[2, 3]\n  %y = relu(%x)\n  output y = %y\n}\n");
        assertError("kiln: error: --batch 4: " + fixed + " has fixed shapes (no batch dimension N), so it compiles for "
                + "the batch size it states", "compile", fixed.toString(), "--batch", "4", "-o", jar.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(fixed), files.toList(), "no jar and no temporary file is left behind");
        }
    }

    @Test
    void aFailedCompileLeavesAnEarlierJarAsItWas() throws IOException {
        Path jar = dir.resolve("kept.jar");
        assertEquals(0, CliRunner.run("compile", MODEL, "-o", jar.toString()).exitCode());
        byte[] before = Files.readAllBytes(jar);
        Path broken = dir.resolve("broken.kir");
        Files.writeString(broken, "graph broken {\n  input %x: f32[2, 3]\n  %y = relu(%q)\n  output y = %y\n}\n");
        CliRunner r = CliRunner.run("compile", broken.toString(), "-o", jar.toString());
        assertEquals(1, r.exitCode());
        assertArrayEquals(before, Files.readAllBytes(jar));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static void assertError(String expected, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(1, r.exitCode(), () -> String.join(" ", args) + ": " + r.err());
        assertEquals(expected + "\n", r.err());
    }
}
