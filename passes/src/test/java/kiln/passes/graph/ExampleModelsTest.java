package kiln.passes.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Value;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code O1} pipeline on every example model, compiled from its {@code .kiln} source with smaller
 * spatial sizes (or sequence lengths) so that the reference interpreter runs it quickly: the model verifies
 * after every pass, computes what it did, keeps only the batch norms that have no layer to fold into, and has
 * no node left whose inputs are all known.
 */
class ExampleModelsTest {
    private record Example(String file, Map<String, String> shrink, int batchNorms) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("affnet_mixer.kiln", Map.of("28, 28]", "12, 10]"), 0),
            new Example("convfirst_block.kiln", Map.of("56, 56]", "9, 7]"), 0),
            new Example("convformer_block.kiln", Map.of("[N, 56, 56, 64]", "[N, 9, 7, 64]"), 0),
            new Example("convnext_block.kiln", Map.of("56, 56]", "9, 7]"), 0),
            new Example("dcls_block.kiln", Map.of("56, 56]", "9, 7]"), 0),
            new Example("hyena_longconv.kiln", Map.of("4096", "256"), 0),
            new Example("inceptionnext_block.kiln", Map.of("56, 56]", "9, 7]"), 0),
            new Example("inceptionnext_t.kiln", Map.of("224, 224]", "32, 32]"), 0),
            new Example("osnet.kiln", Map.of("64, 32]", "8, 6]"), 0),
            new Example("osnet_ibn_x1_0.kiln", Map.of("256, 128]", "32, 16]"), 0),
            new Example("osnet_x0_25.kiln", Map.of("256, 128]", "32, 16]"), 0),
            new Example("resnet_bottleneck.kiln", Map.of("56, 56]", "9, 7]"), 0),
            new Example("sgconv.kiln", Map.of("4096]", "256]"), 0),
            // The branch norms fold into their convolutions; the norm after their sum and the one feeding
            // the squeeze-excitation gate have no single layer next to them.
            new Example("unireplknet_block.kiln", Map.of("28, 28]", "9, 7]"), 2));

    @TestFactory
    Stream<DynamicTest> examples() {
        return EXAMPLES.stream().map(e -> DynamicTest.dynamicTest(e.file(), () -> check(e)));
    }

    private static void check(Example e) throws IOException {
        Graph g = ExampleModels.load(e.file(), e.shrink());
        Model before = Model.initial(g);
        Model after = GraphPipelines.named("O1").run(before, GraphChecks.verifying(e.file()));
        GraphChecks.sameOutputs(before, after, e.file(), 1, 1);
        long norms = after.graph().nodes().stream().filter(n -> n.op() instanceof BatchNorm).count();
        assertEquals(e.batchNorms(), norms, e.file() + ": batch norms left");
        assertEquals(List.of(), foldable(after), e.file() + ": nodes left with only known inputs");
    }

    /** Nodes (other than constants) whose inputs are all parameters or constants. */
    static List<String> foldable(Model m) {
        Map<Value, Boolean> known = new LinkedHashMap<>();
        m.graph().params().forEach(p -> known.put(p, true));
        List<String> out = new ArrayList<>();
        for (Node n : m.graph().nodes()) {
            boolean all = n.inputs().stream().allMatch(v -> known.getOrDefault(v, false));
            if (n.op() instanceof Constant) {
                n.outputs().forEach(v -> known.put(v, true));
            } else if (all) {
                out.add(n.op().name() + " -> " + n.output());
            }
        }
        return out;
    }
}
