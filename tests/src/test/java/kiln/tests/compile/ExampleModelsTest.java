package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.frontend.KilnCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.text.IrParser;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.TensorSpec;
import kiln.tests.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example model ({@code examples/*.kir}, {@code *.kiln}) compiled by {@code kiln compile} into a jar,
 * loaded with the library API, run once at batch 1 on the seeded inputs a jar uses by default, and compared
 * with the reference interpreter: normwise relative error at most {@value Differential#TOLERANCE}. The large
 * networks (OSNet x1.0, InceptionNeXt-T) take about a minute each; {@code -Dkiln.test.large=false} skips them.
 */
class ExampleModelsTest {
    /** The examples that take long to compile and to interpret. */
    static final List<String> LARGE = List.of("osnet_x1_0.kiln", "osnet_ibn_x1_0.kiln", "inceptionnext_t.kiln");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyExampleCompilesToAJarThatMatchesTheReference() throws IOException {
        boolean large = !"false".equals(System.getProperty("kiln.test.large"));
        List<Path> models;
        try (Stream<Path> s = Files.list(SharedData.root().resolve("examples"))) {
            models = s.filter(p -> p.toString().endsWith(".kiln") || p.toString().endsWith(".kir")).sorted().toList();
        }
        return models.stream().filter(p -> large || !LARGE.contains(p.getFileName().toString()))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path model) throws IOException {
        String name = model.getFileName().toString();
        Path jar = Kiln.compile(model, dir.resolve(name.substring(0, name.lastIndexOf('.')) + ".jar"));
        Graph graph = (name.endsWith(".kir") ? IrParser.parse(model) : KilnCompiler.load(model)).bindBatch(1);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Map<String, Tensor> actual;
        try (CompiledModel compiled = CompiledModel.load(jar)) {
            for (TensorSpec in : compiled.inputs()) {
                inputs.put(in.name(), SeededRandom.input(in.name(), in.dtype(), in.shape()));
            }
            actual = compiled.run(inputs);
        }
        Map<String, Tensor> expected = ReferenceInterpreter.run(graph, Weights.initial(graph), inputs);
        assertEquals(expected.keySet(), actual.keySet());
        for (String out : expected.keySet()) {
            String problem = Differential.compare(expected.get(out), actual.get(out));
            assertTrue(problem == null, () -> name + " output " + out + ": " + problem);
        }
    }
}
