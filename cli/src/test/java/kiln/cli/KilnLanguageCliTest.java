package kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** `kiln check` and `kiln run` on Kiln language models: exit codes, diagnostics, weights by name. */
class KilnLanguageCliTest {
    private static final String SCALE = """
            import "std/nn.kiln"
            model scale {
                input x: f32[N, 3]
                let h = Linear(x, 2) as fc
                output y = h * 2.0
            }
            """;

    @Test
    void checkPassesAGoodModel() {
        Path model = CliRunner.root().resolve("examples/convnext_block.kiln");
        CliRunner r = CliRunner.run("check", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(model + ": no errors (9 operations, 9 parameters)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void checkReportsEveryErrorWithItsLocationAndExits1(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bad.kiln");
        Files.writeString(model, """
                model m {
                    input x: f32[N, 3, 8, 8]
                    param w: [8, 4, 3, 3]
                    let a = conv2d(x, w, paddin=1)
                    let b = reluu(x)
                    output y = x
                }
                """);
        CliRunner r = CliRunner.run("check", model.toString());
        assertEquals(1, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(model + ":4:26: conv2d has no argument 'paddin'; did you mean 'padding'?"), r.err());
        assertTrue(r.err().contains(model + ":5:13: unknown operator or block 'reluu'; did you mean 'relu'? [K0202]\n"
                + "    let b = reluu(x)\n"
                + "            ^~~~~\n"), r.err());
        assertTrue(r.err().endsWith("2 errors\n"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void checkRefusesOtherFiles(@TempDir Path dir) throws Exception {
        assertEquals("kiln: error: no such file: nope.kiln\n", CliRunner.run("check", "nope.kiln").err());
        Path kir = dir.resolve("m.kir");
        Files.writeString(kir, "graph g {}");
        CliRunner r = CliRunner.run("check", kir.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("reads Kiln models (.kiln)"), r.err());
    }

    @Test
    void runReportsLanguageErrorsAsOneBlock(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bad.kiln");
        Files.writeString(model, "model m {\n    input x: f32[N, 3]\n    output y = x @ x\n}\n");
        CliRunner r = CliRunner.run("run", model.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("kiln: error: " + model + ":3:18: '@': inner dimensions differ"), r.err());
        assertTrue(r.err().contains("[K0501]\n    output y = x @ x\n" + " ".repeat(17) + "^\n"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void runBindsWeightsByNameOrUsesTheDefaults(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("scale.kiln");
        Files.writeString(model, SCALE);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("fc.weight", Tensor.ofFloats(new int[] {2, 3}, 1, 0, 0, 0, 1, 1));
        weights.put("fc.bias", Tensor.ofFloats(new int[] {2}, 10, 20));
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, new LinkedHashMap<>(weights), Map.of());
        Path x = dir.resolve("x.npy");
        Npy.write(x, Tensor.ofFloats(new int[] {1, 3}, 1, 2, 3));
        Path y = dir.resolve("y.npy");

        CliRunner r = CliRunner.run("run", model.toString(), "--weights", w.toString(), "--input", x.toString(),
                "--output", y.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("[22.0, 50.0]", java.util.Arrays.toString(Npy.read(y).toFloatArray()));

        CliRunner defaults = CliRunner.run("run", model.toString(), "--batch", "2");
        assertEquals(0, defaults.exitCode(), defaults.err());
        assertTrue(defaults.out().startsWith("y: f32[2, 2]"), defaults.out());
        assertTrue(defaults.err().contains("using the default initialisation"), defaults.err());
    }

    @Test
    void aMissingWeightIsNamed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("scale.kiln");
        Files.writeString(model, SCALE);
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, new LinkedHashMap<>(Map.of("fc.weight", Tensor.zeros(kiln.runtime.DType.F32, 2, 3))),
                Map.of());
        CliRunner r = CliRunner.run("run", model.toString(), "--weights", w.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing weight 'fc.bias' (f32[2])"), r.err());
    }
}
