package kiln.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;
import kiln.runtime.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln export-onnx}, and {@code kiln run} on what it writes. */
class ExportOnnxCommandTest {
    private static final String MODEL = CliRunner.root().resolve("examples/residual.kir").toString();

    @TempDir
    Path dir;

    @Test
    void exportedModelRunsLikeTheOriginal() throws Exception {
        Path onnx = dir.resolve("residual.onnx");
        CliRunner e = CliRunner.run("export-onnx", MODEL, "-o", onnx.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().startsWith("wrote " + onnx), e.out());
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(0, CliRunner.run("run", MODEL, "--output", a.toString()).exitCode());
        CliRunner r = CliRunner.run("run", onnx.toString(), "--output", b.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(Npy.read(a).toFloatArray(), Npy.read(b).toFloatArray(), 1e-6f);
    }

    @Test
    void onnxWeightsCanBeReplacedByName() throws Exception {
        String text = """
                graph scaled {
                  input %x: f32[3]
                  param %scale: f32[3]
                  %y = mul(%x, %scale)
                  output y = %y
                }
                """;
        Path kir = dir.resolve("scaled.kir");
        Files.writeString(kir, text);
        Path onnx = dir.resolve("scaled.onnx");
        assertEquals(0, CliRunner.run("export-onnx", kir.toString(), "-o", onnx.toString()).exitCode());
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, new LinkedHashMap<>(Map.of("scale", Tensor.ofFloats(new int[] {3}, 2, 2, 2))),
                Map.of());
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.ofFloats(new int[] {3}, 1, 2, 3));
        Path y = dir.resolve("y.npy");
        CliRunner r = CliRunner.run("run", onnx.toString(), "--weights", weights.toString(), "--input", x.toString(),
                "--output", y.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(new float[] {2, 4, 6}, Npy.read(y).toFloatArray());

        Safetensors.write(weights, new LinkedHashMap<>(Map.of("scales", Tensor.ofFloats(new int[] {3}, 2, 2, 2))),
                Map.of());
        CliRunner bad = CliRunner.run("run", onnx.toString(), "--weights", weights.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("'scales' is not a parameter"), bad.err());
    }

    @Test
    void unsupportedOnnxIsOneUserError() throws Exception {
        Path bogus = dir.resolve("bogus.onnx");
        Files.write(bogus, new byte[] {1, 2, 3, 4, 5});
        CliRunner r = CliRunner.run("run", bogus.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("kiln: error: " + bogus + ": "), r.err());
        assertTrue(r.err().contains("[OX001]"), r.err());
        assertEquals(1, CliRunner.run("export-onnx", MODEL).exitCode(), "-o is required");
    }
}
