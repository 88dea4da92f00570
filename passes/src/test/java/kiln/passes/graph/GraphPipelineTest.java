package kiln.passes.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kiln.ir.text.IrParser;
import org.junit.jupiter.api.Test;

/** The named pipelines, the dump, and the rules every graph pass keeps. */
class GraphPipelineTest {
    static final String CONV_BN = """
            graph g {
              input %x: f32[N, 2, 4, 4]
              param %w: f32[3, 2, 1, 1]
              param %k: f32[3]
              param %bn.weight: f32[3]
              param %bn.bias: f32[3]
              param %bn.mean: f32[3]
              param %bn.var: f32[3]
              %c = conv(%x, %w)
              %n = batch_norm(%c, %bn.weight, %bn.bias, %bn.mean, %bn.var)
              %s = reshape(%k) {shape=[3, 1, 1]}
              %y = mul(%n, %s)
              output y = %y
            }
            """;

    @Test
    void levels() {
        assertEquals(List.of("O0", "O1"), List.copyOf(GraphPipelines.names()));
        assertEquals("O1", GraphPipelines.DEFAULT);
        Model m = Model.initial(IrParser.parse(CONV_BN, "g.kir"));
        assertSame(m, GraphPipelines.optimize(m, "O0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphPipelines.named("O3"));
        assertTrue(e.getMessage().contains("O0, O1"), e.getMessage());
    }

    /** Norm, reshaped scale and the multiply all fold into the convolution; a second round changes nothing. */
    @Test
    void roundsRunToAFixedPoint() {
        Model m = Model.initial(IrParser.parse(CONV_BN, "g.kir"));
        List<String> seen = new ArrayList<>();
        Model out = GraphPipelines.named("O1").run(m, (pass, round, before, after) -> {
            seen.add(round + ":" + pass.name() + (after == before ? "" : "*"));
            GraphChecks.verify(after, pass.name());
        });
        assertEquals(List.of("1:cse", "1:fold-constants*", "1:fold-batch-norm*", "1:fold-affine*", "1:dce*",
                "2:cse", "2:fold-constants", "2:fold-batch-norm", "2:fold-affine", "2:dce"), seen);
        assertEquals(1, out.graph().nodes().size());
        assertEquals(List.of("w.folded", "w.bias.folded"), out.graph().params().stream().map(p -> p.name()).toList());
        GraphChecks.sameOutputs(m, out, "conv-bn-scale");
    }

    @Test
    void theDumpShowsEachChange() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GraphPipelines.named("O1").run(Model.initial(IrParser.parse(CONV_BN, "g.kir")),
                GraphPipeline.dump(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String dump = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(dump.startsWith("# after fold-constants (round 1)\ngraph g {\n"), dump);
        assertTrue(dump.contains("# after dce (round 1)"), dump);
        assertTrue(!dump.contains("round 2"), dump);
    }

    @Test
    void passesHoldNoStateAndHaveCases() throws URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("graph").toURI());
        for (String level : GraphPipelines.names()) {
            for (GraphPass p : GraphPipelines.named(level).passes()) {
                for (Field f : p.getClass().getDeclaredFields()) {
                    assertTrue(Modifier.isStatic(f.getModifiers()), p.name() + " has instance field " + f.getName());
                }
                assertTrue(GraphPassCasesTest.PASSES.containsValue(p), p.name() + " is not in the case test");
                assertTrue(Files.isDirectory(root.resolve(p.name())), p.name() + " has no test cases");
            }
            assertTrue(Files.isDirectory(root.resolve(level)) || level.equals("O0"), level + " has no test cases");
        }
    }
}
