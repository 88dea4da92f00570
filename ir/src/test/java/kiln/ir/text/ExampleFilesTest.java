package kiln.ir.text;

import static kiln.ir.text.GraphAssertions.assertSameGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The example files under {@code text/}: each parses, and its printed form parses back to an equal graph
 * and prints the same. {@code NAME.printed.kir} holds the canonical print of {@code NAME.kir}; rerun with
 * {@code -Dkiln.updateGoldens=true} to rewrite those files after an intended format change, and review the
 * diff.
 */
class ExampleFilesTest {
    private static final String GOLDEN = ".printed.kir";

    @TestFactory
    Stream<DynamicTest> examplesRoundTrip() throws IOException, URISyntaxException {
        Path dir = Path.of(ExampleFilesTest.class.getResource("/text").toURI());
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".kir") && !p.toString().endsWith(GOLDEN)).sorted()
                    .toList();
        }
        assertTrue(sources.size() >= 4, "example files: " + sources);
        return sources.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path source) throws IOException {
        Graph g = IrParser.parse(source);
        String printed = IrPrinter.print(g);
        Graph back = IrParser.parse(printed, source.getFileName() + " (printed)");
        assertSameGraph(g, back, printed);
        assertEquals(printed, IrPrinter.print(back));

        String name = source.getFileName().toString().replaceFirst("\\.kir$", GOLDEN);
        Path golden = source.resolveSibling(name);
        if (Boolean.getBoolean("kiln.updateGoldens")) {
            Path sourceTree = Path.of(System.getProperty("kiln.root", "."), "ir/src/test/resources/text", name);
            Files.writeString(sourceTree, printed);
        } else if (Files.exists(golden)) {
            assertEquals(Files.readString(golden), printed, "canonical print of " + source.getFileName()
                    + " (rerun with -Dkiln.updateGoldens=true to accept)");
        }
    }
}
