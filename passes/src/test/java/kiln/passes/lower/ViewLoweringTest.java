package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Value;
import kiln.ir.loop.Program;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Views share storage; outputs never alias inputs, constants or each other. */
@Covers({Reshape.class, Flatten.class, Squeeze.class, Unsqueeze.class, Constant.class})
class ViewLoweringTest {
    private static final long SEED = 6800;

    @Test
    void viewsOfInputsAreCopiedIntoTheirOutputs() {
        SplittableRandom r = new SplittableRandom(SEED);
        TensorType x = TensorType.of(DType.F32, 2, 1, 3, 1);
        Differential.checkOp(new Reshape(Shape.of(3, 2)), List.of(x), r, SEED);
        Differential.checkOp(new Flatten(2), List.of(x), r, SEED);
        Differential.checkOp(new Flatten(0), List.of(TensorType.of(DType.C64, 2, 3)), r, SEED);
        Differential.checkOp(new Squeeze(List.of()), List.of(x), r, SEED);
        Differential.checkOp(new Squeeze(List.of(-1)), List.of(TensorType.of(DType.BOOL, 2, 1, 3, 1)), r, SEED);
        Differential.checkOp(new Unsqueeze(List.of(0, -1)), List.of(TensorType.of(DType.I64, 4)), r, SEED);
    }

    @Test
    void viewsBetweenKernelsEmitNoKernel() {
        GraphBuilder b = new GraphBuilder("views");
        Value x = b.input("x", TensorType.of(DType.F32, 2, 6));
        Value a = b.add(new Unary(UnaryFn.RELU), x);
        Value v = b.add(new Reshape(Shape.of(3, 4)), a);
        Value w = b.add(new Unsqueeze(List.of(0)), v);
        Value y = b.add(new Unary(UnaryFn.NEG), w);
        b.output("y", y);
        Graph g = b.build();
        SplittableRandom r = new SplittableRandom(SEED + 1);
        Program p = Differential.check(g, Map.of(), Map.of("x", RandomTensors.of(DType.F32, r, 2, 6)), "views");
        assertEquals(2, p.calls().size());
        assertEquals(p.calls().get(0).args().get(1), p.calls().get(1).args().get(0));
    }

    @Test
    void outputsGetStorageOfTheirOwn() {
        GraphBuilder b = new GraphBuilder("aliases");
        Value x = b.input("x", TensorType.of(DType.F32, 2, 3));
        Value w = b.param("w", TensorType.of(DType.F32, 6));
        Value c = b.add(new Constant(Tensor.ofFloats(new int[] {3}, 1, 2, 3)));
        Value a = b.add(new Unary(UnaryFn.EXP), x);
        Value flat = b.add(new Flatten(0), a);
        Value sum = b.add(new Binary(BinaryFn.ADD), a, c);
        b.output("x_again", x);
        b.output("w_view", b.add(new Reshape(Shape.of(2, 3)), w));
        b.output("c", c);
        b.output("a", a);
        b.output("flat", flat);
        b.output("a_twice", a);
        b.output("sum", sum);
        Graph g = b.build();
        SplittableRandom r = new SplittableRandom(SEED + 2);
        Map<String, Tensor> weights = Map.of("w", RandomTensors.of(DType.F32, r, 6));
        Program p = Differential.check(g, weights, Map.of("x", RandomTensors.of(DType.F32, r, 2, 3)), "aliases");
        Set<Program.Storage> seen = new HashSet<>();
        for (Program.Binding out : p.outputs()) {
            assertEquals(Program.Role.OUTPUT, out.storage().role(), out.name());
            assertTrue(seen.add(out.storage()), "output " + out.name() + " shares storage");
        }
        // The constant op became constant storage, and a weight not used by any output is still constant storage.
        assertTrue(p.storage().stream().anyMatch(s -> s.role() == Program.Role.CONSTANT && s.size() == 3));
        assertNotEquals(p.outputs().get(3).storage(), p.outputs().get(4).storage());
    }
}
