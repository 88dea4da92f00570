package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.text.IrParser;
import kiln.ir.text.IrPrinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins the Graph IR each example lowers to: {@code examples/NAME.kir} under the test resources is the
 * printed graph ({@code -Dkiln.updateGoldens=true} rewrites it). The print also parses back.
 */
class ExampleGoldenTest {
    private static final String DIR = "examples";

    @Test
    void everyExampleIsDocumented() throws IOException {
        List<String> names = Examples.files().stream().map(Examples::name).toList();
        assertEquals(Examples.OUTPUT_SHAPES.keySet().stream().sorted().toList(), names,
                "examples/*.kiln and the output shapes the tests expect");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleLowersToItsGoldenGraph() throws IOException {
        List<Path> files = Examples.files();
        assertTrue(files.size() >= 14, "examples: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Graph g = KilnCompiler.load(f);
            String printed = IrPrinter.print(g);
            Goldens.check(DIR, Examples.name(f) + ".kir", printed);
            assertEquals(printed, IrPrinter.print(IrParser.parse(printed, Examples.name(f) + ".kir")));
        }));
    }
}
