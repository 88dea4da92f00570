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

/** The command line's contract: exit codes, one-line errors, inputs, outputs and weights. */
class MainTest {
    private static final String MODEL = CliRunner.root().resolve("examples/residual.kir").toString();

    private static final String WEIGHTED = """
            graph weighted {
              input %a: f32[N, 3]
              input %b: f32[N, 2]
              param %fc.weight: f32[2, 3]
              param %fc.bias: f32[2]
              %h = linear(%a, %fc.weight, %fc.bias)
              %s = add(%h, %b)
              output s = %s
              output h = %h
            }
            """;

    @Test
    void versionAndHelp() {
        CliRunner v = CliRunner.run("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("kiln "), v.out());
        CliRunner h = CliRunner.run("--help");
        assertEquals(0, h.exitCode());
        assertTrue(h.out().contains("run"), h.out());
        assertEquals(0, CliRunner.run("run", "--help").exitCode());
    }

    @Test
    void badFlagIsAUserError() {
        CliRunner r = CliRunner.run("run", MODEL, "--no-such-flag");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("kiln: Unknown option: '--no-such-flag'"), r.err());
        assertEquals(1, CliRunner.run("run", MODEL, "--engine", "gpu9").exitCode());
        assertEquals(1, CliRunner.run("frobnicate").exitCode());
    }

    @Test
    void missingModelIsOneLine() {
        CliRunner r = CliRunner.run("run", "no/such/model.kir");
        assertEquals(1, r.exitCode());
        assertEquals("kiln: error: no such file: no/such/model.kir\n", r.err());
    }

    @Test
    void syntaxErrorHasItsLocation(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bad.kir");
        Files.writeString(model, "graph g {\n  input %x: f32[2]\n  %y = reluu(%x)\n  output y = %y\n}\n");
        CliRunner r = CliRunner.run("run", model.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("kiln: error: " + model + ":3:8: unknown op 'reluu'; did you mean 'relu'?"),
                r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void wrongInputShapeNamesTheFile(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.zeros(kiln.runtime.DType.F32, 1, 1, 5, 5));
        CliRunner r = CliRunner.run("run", MODEL, "--input", in.toString());
        assertEquals(1, r.exitCode());
        assertEquals("kiln: error: " + in + ": input 'x' is f32[1, 1, 5, 5] but the model expects f32[N, 1, 6, 6]\n",
                r.err());
    }

    @Test
    void corruptInputFileIsOneLine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("x.npy");
        Files.write(in, new byte[] {1, 2, 3});
        CliRunner r = CliRunner.run("run", MODEL, "--input", in.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("kiln: error: " + in + ": "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void namesAreNeededWhenThereAreSeveral(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("w.kir");
        Files.writeString(model, WEIGHTED);
        CliRunner r = CliRunner.run("run", model.toString(), "--output", dir.resolve("o.npy").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("needs a name (NAME=FILE.npy): the model has 2 outputs (s, h)"), r.err());
        CliRunner unknown = CliRunner.run("run", model.toString(), "--input", "c=" + dir.resolve("c.npy"));
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("the model has no input named 'c'; its inputs are a, b"), unknown.err());
    }

    @Test
    void weightsBindByName(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("w.kir");
        Files.writeString(model, WEIGHTED);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("fc.weight", Tensor.ofFloats(new int[] {2, 3}, 1, 0, 0, 0, 1, 0));
        weights.put("fc.bias", Tensor.ofFloats(new int[] {2}, 10, 20));
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, new LinkedHashMap<>(weights), Map.of());
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Npy.write(a, Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6));
        Npy.write(b, Tensor.ofFloats(new int[] {2, 2}, 0.5f, 0.25f, 0, 1));
        Path s = dir.resolve("s.npy");

        CliRunner r = CliRunner.run("run", model.toString(), "--weights", w.toString(), "--input", "a=" + a,
                "--input", "b=" + b, "--output", "s=" + s);

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertEquals("[11.5, 22.25, 14.0, 26.0]", java.util.Arrays.toString(Npy.read(s).toFloatArray()));
    }

    @Test
    void weightProblemsNameTheParameter(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("w.kir");
        Files.writeString(model, WEIGHTED);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("fc.weight", Tensor.zeros(kiln.runtime.DType.F32, 3, 2));
        weights.put("fc.bais", Tensor.zeros(kiln.runtime.DType.F32, 2));
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, new LinkedHashMap<>(weights), Map.of());

        CliRunner r = CliRunner.run("run", model.toString(), "--weights", w.toString());

        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing weight 'fc.bias' (f32[2])"), r.err());
        assertTrue(r.err().contains("weight 'fc.weight' is f32[3, 2] but the model declares f32[2, 3]"), r.err());
        assertTrue(r.err().contains("weight 'fc.bais' is not a parameter of the model; did you mean 'fc.bias'?"), r.err());
    }

    @Test
    void defaultWeightsAreDeterministic() {
        CliRunner first = CliRunner.run("run", MODEL);
        CliRunner second = CliRunner.run("run", MODEL);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), second.out());
    }
}
