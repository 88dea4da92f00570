package kiln.passes.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.loop.Program;
import kiln.passes.graph.ExampleModels;
import kiln.passes.graph.GraphPipelines;
import kiln.passes.graph.Model;
import kiln.passes.lower.Lowering;
import kiln.passes.memory.MemoryPlanner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The example blocks through the whole pipeline before code generation — {@code O1} graph passes, lowering,
 * epilogue fusion, the default scheduler — checked against the unfused program (bit for bit) and the
 * reference interpreter, at smaller spatial sizes; and, at their real sizes, what fusion saves.
 */
class ExampleBlocksTest {
    private record Block(String file, Map<String, String> shrink) {
    }

    private static final List<Block> BLOCKS = List.of(
            new Block("convnext_block.kiln", Map.of("56, 56]", "9, 7]")),
            new Block("convformer_block.kiln", Map.of("[N, 56, 56, 64]", "[N, 5, 7, 64]")),
            new Block("inceptionnext_block.kiln", Map.of("56, 56]", "11, 7]")),
            new Block("convfirst_block.kiln", Map.of("56, 56]", "5, 9]")),
            new Block("resnet_bottleneck.kiln", Map.of("56, 56]", "7, 5]")),
            new Block("unireplknet_block.kiln", Map.of("28, 28]", "9, 7]")),
            new Block("dcls_block.kiln", Map.of("56, 56]", "6, 5]")),
            new Block("osnet.kiln", Map.of("64, 32]", "7, 6]")));

    @TestFactory
    Stream<DynamicTest> blocks() {
        return BLOCKS.stream().map(b -> DynamicTest.dynamicTest(b.file(), () -> {
            Graph g = ExampleModels.load(b.file(), b.shrink()).bindBatch(1);
            Model m = GraphPipelines.optimize(Model.initial(g));
            Program unfused = Lowering.lower(m.graph(), m.weights());
            Program fused = ProgramChecks.lowerFuseAndCheck(m, b.file());
            assertTrue(fused.calls().size() < unfused.calls().size(), b.file() + ": nothing fused");
        }));
    }

    /**
     * The ConvNeXt block as written: 9 kernels lowered as is; after folding the layer scale into fc2 and
     * fusing GELU into fc1 and the residual add into the transpose that feeds it, 6.
     */
    @Test
    void convNextBlock() throws IOException {
        Graph g = ExampleModels.load("convnext_block.kiln", Map.of()).bindBatch(1);
        Model m = Model.initial(g);
        Program plain = Lowering.lower(m.graph(), m.weights());
        Model optimized = GraphPipelines.optimize(m);
        Program fused = ProgramFusion.fuse(Lowering.lower(optimized.graph(), optimized.weights()));
        assertEquals(9, plain.calls().size());
        assertEquals(List.of("conv_h", "transpose_h_0", "layer_norm_h_1", "linear_h_2_gelu_h_3", "linear_h_5",
                "transpose_6_add_y"), fused.calls().stream().map(c -> c.kernel().name()).toList());
        // Gone: the GELU input and the layer-scale input and output, 56·56·384 + 2·56·56·96 floats.
        assertEquals((56 * 56 * 384 + 2 * 56 * 56 * 96) * 4L, ProgramChecks.tempBytes(plain) - ProgramChecks.tempBytes(fused));
    }

    /** What the pipeline saves on every example block at its real size; printed, and never worse. */
    @Test
    void savingsAtRealSizes() throws IOException {
        StringBuilder table = new StringBuilder(String.format("%-26s %17s %21s %21s%n", "model (batch 1)", "kernels",
                "temporaries (KiB)", "planned arena (KiB)"));
        for (String file : List.of("convnext_block.kiln", "convformer_block.kiln", "inceptionnext_block.kiln",
                "convfirst_block.kiln", "resnet_bottleneck.kiln", "unireplknet_block.kiln", "dcls_block.kiln",
                "osnet.kiln", "osnet_x1_0.kiln", "inceptionnext_t.kiln")) {
            Graph g = ExampleModels.load(file, Map.of()).bindBatch(1);
            Model m = Model.initial(g);
            Program plain = Lowering.lower(m.graph(), m.weights());
            Model optimized = GraphPipelines.optimize(m);
            Program fused = ProgramFusion.fuse(Lowering.lower(optimized.graph(), optimized.weights()));
            long arenaBefore = MemoryPlanner.plan(plain).totalBytes();
            long arenaAfter = MemoryPlanner.plan(fused).totalBytes();
            table.append(String.format("%-26s %7d -> %7d %9d -> %9d %9d -> %9d%n", file, plain.calls().size(),
                    fused.calls().size(), ProgramChecks.tempBytes(plain) / 1024, ProgramChecks.tempBytes(fused) / 1024,
                    arenaBefore / 1024, arenaAfter / 1024));
            assertTrue(fused.calls().size() < plain.calls().size(), file);
            assertTrue(arenaAfter <= arenaBefore, file);
        }
        System.out.print(table);
    }
}
