package kiln.tests.ort;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import kiln.cli.compile.CpuEngine;
import kiln.frontend.KilnCompiler;
import kiln.frontend.onnx.OnnxExporter;
import kiln.frontend.onnx.OnnxImporter;
import kiln.frontend.onnx.OnnxModel;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Output;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.text.IrParser;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;
import kiln.tests.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX Runtime as a second oracle. For each seed workload in {@code ../shared/models}, Kiln's reference
 * interpreter on the imported model, ONNX Runtime on the original model, ONNX Runtime on Kiln's export of
 * the imported model, and the float64 reference agree within a normwise relative error of 1e-5. For each
 * example model ({@code examples/*.kir}, {@code examples/*.kiln}), ONNX Runtime on the export agrees with the
 * reference interpreter within the same bound (with Kiln's compiled CPU engine for the large networks, unless
 * {@code -Dkiln.oracle.full=true}). The errors are written to {@code tests/target/ort-oracle.md}.
 */
class OrtOracleTest {
    static final double BOUND = 1e-5;
    /** Examples larger than this are run by the CPU engine, unless {@code -Dkiln.oracle.full=true}, to keep runs short. */
    private static final double MAX_EXAMPLE_GMACS = 0.5;
    private static final String FULL = "kiln.oracle.full";
    private static final List<String> REPORT = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> sharedModels() throws IOException {
        Optional<Path> models = SharedData.shared("models");
        Assumptions.assumeTrue(models.isPresent(), () -> SharedData.absent("models"));
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models.get())) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        return dirs.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> sharedModel(dir)));
    }

    private static void sharedModel(Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        OnnxModel model = OnnxImporter.read(file);
        Graph g = model.graph();
        String in = g.inputs().getFirst().name();
        String out = g.outputs().getFirst().name();
        Map<String, Tensor> inputs = Map.of(in, Npy.read(dir.resolve("input.npy")));
        Tensor reference = Npy.read(dir.resolve("output.npy"));
        Tensor kiln = ReferenceInterpreter.run(g, model.weights(), inputs).get(out);
        Tensor ort = Ort.run(Files.readAllBytes(file), inputs, List.of()).get(out);
        Tensor exported = Ort.run(OnnxExporter.export(g, model.weights()).toByteArray(), inputs, List.of()).get(out);
        double kr = Ort.relativeError(kiln, reference);
        double or = Ort.relativeError(ort, reference);
        double ko = Ort.relativeError(kiln, ort);
        double er = Ort.relativeError(exported, reference);
        report(String.format("| %s | %.2e | %.2e | %.2e | %.2e |", dir.getFileName(), kr, or, ko, er));
        assertTrue(kr <= BOUND, "Kiln vs float64 reference: " + kr);
        assertTrue(or <= BOUND, "ONNX Runtime vs float64 reference: " + or);
        assertTrue(ko <= BOUND, "Kiln vs ONNX Runtime: " + ko);
        assertTrue(er <= BOUND, "ONNX Runtime on Kiln's export vs float64 reference: " + er);
    }

    @TestFactory
    Stream<DynamicTest> exampleModels() throws IOException {
        Path examples = SharedData.root().resolve("examples");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(examples)) {
            try (Stream<Path> s = Files.list(examples)) {
                s.filter(p -> p.toString().endsWith(".kir") || p.toString().endsWith(".kiln")).sorted()
                        .forEach(files::add);
            }
        }
        return files.stream().map(f -> dynamicTest("examples/" + f.getFileName(), () -> example(f)));
    }

    private static void example(Path file) throws Exception {
        Graph g = file.toString().endsWith(".kiln") ? KilnCompiler.load(file) : IrParser.parse(file);
        g = g.bindBatch(1);
        double gmacs = MultiplyAdds.of(g) / 1e9;
        // The large networks take the reference interpreter minutes: by default ONNX Runtime checks Kiln's
        // compiled CPU engine on them (which the compile tests check against the reference interpreter).
        boolean compiled = gmacs > MAX_EXAMPLE_GMACS && !Boolean.getBoolean(FULL);
        Map<String, Tensor> weights = Weights.initial(g);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            inputs.put(v.name(), SeededRandom.input(v.name(), v.type().dtype(), v.type().shape().dims()));
        }
        Map<String, Tensor> expected = compiled ? CpuEngine.run(g, weights, inputs)
                : ReferenceInterpreter.run(g, weights, inputs);
        String kiln = compiled ? String.format("Kiln's CPU engine (%.1f G multiply-adds; the reference interpreter "
                + "with -D%s=true)", gmacs, FULL) : "Kiln";
        List<String> complex = g.outputs().stream().filter(o -> o.value().type().dtype() == DType.C64)
                .map(Output::name).toList();
        Map<String, Tensor> ort = Ort.run(OnnxExporter.export(g, weights).toByteArray(), inputs, complex);
        for (var e : expected.entrySet()) {
            double err = Ort.relativeError(ort.get(e.getKey()), e.getValue());
            report(String.format("| examples/%s (%s) | ONNX Runtime on the export vs %s: %.2e |", file.getFileName(),
                    e.getKey(), kiln, err));
            assertTrue(err <= BOUND, file.getFileName() + " output " + e.getKey() + ": " + err);
        }
    }

    private static synchronized void report(String line) {
        REPORT.add(line);
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (REPORT.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("# ONNX Runtime as an oracle\n\n"
                + "Normwise relative error ‖a − b‖₂/‖b‖₂ (bound " + BOUND + "); "
                + "ONNX Runtime with 2 intra-op threads.\n\n"
                + "| model | Kiln vs float64 | ORT vs float64 | Kiln vs ORT | ORT on Kiln's export vs float64 |\n"
                + "|---|---:|---:|---:|---:|\n");
        REPORT.stream().filter(l -> !l.contains("examples/")).forEach(l -> sb.append(l).append('\n'));
        sb.append("\n| example | error |\n|---|---|\n");
        REPORT.stream().filter(l -> l.contains("examples/")).forEach(l -> sb.append(l).append('\n'));
        Path out = SharedData.root().resolve("tests/target/ort-oracle.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.println(sb);
    }
}
