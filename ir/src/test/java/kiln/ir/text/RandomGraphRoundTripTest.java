package kiln.ir.text;

import static kiln.ir.text.GraphAssertions.assertSameGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import org.junit.jupiter.api.Test;

/**
 * Print, parse and print again over random graphs from fixed seeds. A failure names the seed and shows
 * the text; {@code RandomGraphs.generate(seed)} reproduces the graph.
 */
class RandomGraphRoundTripTest {
    private static final long FIRST_SEED = 1;
    private static final long SEEDS = 400;

    @Test
    void randomGraphsRoundTrip() {
        Set<String> opsSeen = new TreeSet<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            Graph g = RandomGraphs.generate(seed);
            String text = IrPrinter.print(g);
            String context = "seed " + seed + " (RandomGraphs.generate(" + seed + "L)):\n" + text;
            Graph back;
            try {
                back = IrParser.parse(text, "random-" + seed + ".kir");
            } catch (IrSyntaxException e) {
                throw new AssertionError(context + "\n" + e.getMessage(), e);
            }
            assertSameGraph(g, back, context);
            assertEquals(text, IrPrinter.print(back), context);
            assertEquals(text, IrPrinter.print(RandomGraphs.generate(seed)), "generation is deterministic: " + context);
            g.nodes().stream().map(Node::op).forEach(op -> opsSeen.add(op.name()));
        }
        Set<String> unseen = new TreeSet<>(OpCatalog.names());
        unseen.removeAll(opsSeen);
        assertTrue(unseen.size() <= 3, "the generator never made " + unseen);
    }
}
