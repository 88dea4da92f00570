package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example runs on the reference interpreter at batch 1, with the default initialisation and
 * seeded random inputs, and gives one finite output of its documented shape. The full networks take
 * seconds each; each runs once.
 */
class ExampleRunTest {
    @TestFactory
    Stream<DynamicTest> everyExampleRunsToFiniteOutputs() throws IOException {
        return Examples.files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path file) throws IOException {
        Graph g = KilnCompiler.load(file);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            inputs.put(v.name(), SeededRandom.input(v.name(), v.type().dtype(), v.type().shape().bindBatch(1).dims()));
        }
        Map<String, Tensor> out = ReferenceInterpreter.run(g, Weights.initial(g), inputs);
        assertEquals(1, out.size(), "outputs of " + file);
        Tensor y = out.values().iterator().next();
        assertArrayEquals(Examples.OUTPUT_SHAPES.get(Examples.name(file)), y.shape(), "output shape of " + file);
        double[] values = y.toDoubleArray();
        long finite = java.util.Arrays.stream(values).filter(Double::isFinite).count();
        assertEquals(values.length, finite, "non-finite outputs of " + file);
        assertTrue(java.util.Arrays.stream(values).anyMatch(v -> v != 0), "all-zero output of " + file);
    }
}
