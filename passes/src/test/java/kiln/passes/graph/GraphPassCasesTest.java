package kiln.passes.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.text.IrParser;
import kiln.ir.text.IrPrinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Graph passes on IR text: {@code graph/<pass>/*.kir} holds a graph, then a line {@code # expect} and the
 * graph the pass makes of it (compared as printed text), or no such line when the pass must leave the graph
 * alone (the cases that must not fold). Weights are the default initialisation. Every result verifies and
 * round-trips, a second run changes nothing, and on seeded random inputs the result computes what the input
 * did under the reference interpreter (normwise relative error ≤ 1e-6). {@code graph/O1/} runs the whole
 * pipeline of that level, verifying after every pass. Rerun with {@code -Dkiln.updateGoldens=true} to
 * rewrite the expected graphs, then review the diff.
 */
class GraphPassCasesTest {
    static final String EXPECT = "\n# expect\n";

    static final Map<String, GraphPass> PASSES = new LinkedHashMap<>();

    static {
        PASSES.put("fold-constants", FoldConstants.INSTANCE);
        PASSES.put("fold-batch-norm", FoldBatchNorm.INSTANCE);
        PASSES.put("fold-affine", FoldAffine.INSTANCE);
        PASSES.put("cse", EliminateCommonSubexpressions.INSTANCE);
        PASSES.put("dce", EliminateDeadCode.INSTANCE);
    }

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("graph").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".kir")).sorted().toList();
            return all.stream().map(p -> DynamicTest.dynamicTest(p.getParent().getFileName() + "/" + p.getFileName(),
                    () -> check(p.getParent().getFileName().toString(), p)));
        }
    }

    private static void check(String passName, Path file) {
        try {
            String text = Files.readString(file);
            int at = text.indexOf(EXPECT);
            String name = passName + "/" + file.getFileName();
            Model before = Model.initial(IrParser.parse(at < 0 ? text : text.substring(0, at), name));
            GraphChecks.verify(before, name);
            Model after = run(passName, before, name);
            if (Boolean.getBoolean("kiln.updateGoldens")) {
                update(passName, file, text, at, before, after);
            } else if (at < 0) {
                assertSame(before, after, name + " must not change the graph, but made\n" + IrPrinter.print(after.graph()));
            } else {
                Graph expected = IrParser.parse(text.substring(at + EXPECT.length()), name + " (expected)");
                assertEquals(IrPrinter.print(expected), IrPrinter.print(after.graph()), name);
            }
            assertSame(after, run(passName, after, name), name + ": a second run changes the graph");
            GraphChecks.sameOutputs(before, after, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Model run(String passName, Model m, String context) {
        GraphPass pass = PASSES.get(passName);
        if (pass != null) {
            Model out = pass.run(m);
            GraphChecks.verify(out, context);
            return out;
        }
        return GraphPipelines.named(passName).run(m, GraphChecks.verifying(context));
    }

    /** Rewrites the expected part of a case file in the source tree. */
    private static void update(String passName, Path file, String text, int at, Model before, Model after)
            throws IOException {
        String head = at < 0 ? text : text.substring(0, at);
        String out = after == before ? head : head + EXPECT + IrPrinter.print(after.graph());
        Path inTree = Path.of(System.getProperty("kiln.root", ".."), "passes/src/test/resources/graph", passName,
                file.getFileName().toString());
        Files.writeString(inTree, out.endsWith("\n") ? out : out + "\n");
    }
}
