package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Program;
import kiln.ir.text.IrParser;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Whole graphs: several kernels, views between them, weights as constant storage. */
class GraphLoweringTest {
    private static final long SEED = 6900;

    @Test
    void smallConvnet_matchesTheReference() {
        Graph g = GraphFixtures.smallConvnet();
        SplittableRandom r = new SplittableRandom(SEED);
        Program p = Differential.check(g, Weights.initial(g), Map.of("x", RandomTensors.of(DType.F32, r, 2, 3, 17, 17)),
                "small convnet, seed " + SEED);
        assertEquals(10, p.calls().size(), "one kernel per non-view node");
        Set<String> names = new HashSet<>();
        for (Program.Call c : p.calls()) {
            assertTrue(names.add(c.kernel().name()), "kernel names are unique: " + c.kernel().name());
        }
    }

    @Test
    void residualBlock_matchesTheReference() {
        Graph g = GraphFixtures.residualBlock();
        SplittableRandom r = new SplittableRandom(SEED + 1);
        Program p = Differential.check(g, Weights.initial(g), Map.of("x", RandomTensors.of(DType.F32, r, 1, 6, 11, 11)),
                "residual block, seed " + (SEED + 1));
        // The reshaped output shares the add's result, so it is copied into storage of its own.
        assertEquals("copy_y_flat", p.calls().getLast().kernel().name());
    }

    @Test
    void fftConvolution_matchesTheReference() {
        Graph g = GraphFixtures.fftConvolution();
        SplittableRandom r = new SplittableRandom(SEED + 2);
        Differential.check(g, Weights.initial(g), Map.of("x", RandomTensors.of(DType.F32, r, 1, 4, 24)),
                "fft convolution, seed " + (SEED + 2));
    }

    @Test
    void exampleModel_matchesTheReference() throws Exception {
        Path file = Path.of(System.getProperty("kiln.root", "."), "examples", "residual.kir");
        Graph g = IrParser.parse(file).bindBatch(3);
        SplittableRandom r = new SplittableRandom(SEED + 3);
        Differential.check(g, Map.of(), Map.of("x", RandomTensors.of(DType.F32, r, 3, 1, 6, 6)),
                "examples/residual.kir with N = 3, seed " + (SEED + 3));
    }

    @Test
    void loweringIsDeterministic() {
        Graph g = GraphFixtures.smallConvnet();
        Map<String, Tensor> w = Weights.initial(g);
        Program a = Lowering.lower(g, w);
        Program b = Lowering.lower(g, w);
        assertEquals(a.calls().stream().map(Program.Call::kernel).toList(),
                b.calls().stream().map(Program.Call::kernel).toList());
        assertEquals(a.storage().stream().map(Program.Storage::name).toList(),
                b.storage().stream().map(Program.Storage::name).toList());
    }

    @Test
    void loopVariablesAreUniqueWithinEachKernel() {
        for (Graph g : List.of(GraphFixtures.smallConvnet(), GraphFixtures.residualBlock(), GraphFixtures.fftConvolution())) {
            for (Program.Call c : Lowering.lower(g, Weights.initial(g)).calls()) {
                Kernel k = c.kernel();
                List<String> bound = Differential.boundNames(k.body(), new java.util.ArrayList<>());
                assertEquals(new HashSet<>(bound).size(), bound.size(), k.name() + " binds a name twice: " + bound);
            }
        }
    }

    @Test
    void refusesSymbolicShapesAndWrongWeights() {
        GraphBuilder b = new GraphBuilder("dynamic");
        Value x = b.input("x", new TensorType(DType.F32, Shape.of(Shape.BATCH, 3)));
        b.output("y", b.add(new Unary(UnaryFn.RELU), x));
        Graph g = b.build();
        assertThrows(IrException.class, () -> Lowering.lower(g, Map.of()));
        Graph convnet = GraphFixtures.smallConvnet();
        var e = assertThrows(IrException.class, () -> Lowering.lower(convnet, Map.of()));
        assertTrue(e.getMessage().contains("missing weight 'stem.weight'"), e.getMessage());
    }
}
