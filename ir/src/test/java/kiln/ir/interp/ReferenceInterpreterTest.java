package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Linear;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Split;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Running whole graphs: batch binding, input and weight checks, output order, constants. */
@Covers(Constant.class)
class ReferenceInterpreterTest {
    private static final int N = Shape.BATCH;

    /** y = relu(x·wᵀ + b) for x[N, 2], w[3, 2]. */
    private static Graph mlp() {
        GraphBuilder g = new GraphBuilder("mlp");
        Value x = g.input("x", TensorType.of(DType.F32, N, 2));
        Value w = g.param("fc.weight", TensorType.of(DType.F32, 3, 2));
        Value b = g.param("fc.bias", TensorType.of(DType.F32, 3));
        Value h = g.add(new Linear(), x, w, b);
        g.output("y", g.add(new Unary(UnaryFn.RELU), h));
        return g.build();
    }

    private static Map<String, Tensor> mlpWeights() {
        return Map.of("fc.weight", f32(shape(3, 2), 1, 0, 0, 1, 1, 1), "fc.bias", f32(shape(3), 0, 0, -10));
    }

    @Test
    void bindsTheBatchFromTheInputs() {
        Map<String, Tensor> out = ReferenceInterpreter.run(mlp(), mlpWeights(),
                Map.of("x", f32(shape(2, 2), 1, -2, 3, 8)));
        assertEquals(List.of("y"), List.copyOf(out.keySet()));
        assertValues(out.get("y"), shape(2, 3), 1, 0, 0, 3, 8, 1);
        Map<String, Tensor> one = ReferenceInterpreter.run(mlp(), mlpWeights(), Map.of("x", f32(shape(1, 2), 5, 6)));
        assertValues(one.get("y"), shape(1, 3), 5, 6, 1);
        Map<String, Tensor> none = ReferenceInterpreter.run(mlp(), mlpWeights(), Map.of("x", f32(shape(0, 2))));
        assertValues(none.get("y"), shape(0, 3));
    }

    @Test
    void reshapeWithTheSymbolicBatch() {
        GraphBuilder g = new GraphBuilder("flat");
        Value x = g.input("x", TensorType.of(DType.F32, N, 2, 2));
        g.output("y", g.add(new Reshape(Shape.of(N, 4)), x));
        Tensor in = TestTensors.iota(DType.F32, 3, 2, 2);
        Tensor y = ReferenceInterpreter.run(g.build(), Map.of(), Map.of("x", in)).get("y");
        assertValues(y, shape(3, 4), in.toDoubleArray());
    }

    @Test
    void outputsComeInGraphOrderAndMayRepeatOrBeInputs() {
        GraphBuilder g = new GraphBuilder("multi");
        Value x = g.input("x", TensorType.of(DType.F32, 4));
        List<Value> parts = g.addMulti("part", new Split(0, List.of(1, 3)), List.of(x));
        Value c = g.add(new Constant(f32(shape(1), 10)));
        Value sum = g.add(new Binary(BinaryFn.ADD), parts.get(0), c);
        g.output("z", sum);
        g.output("tail", parts.get(1));
        g.output("a", x);
        g.output("also_z", sum);
        Tensor in = f32(shape(4), 1, 2, 3, 4);
        Map<String, Tensor> out = ReferenceInterpreter.run(g.build(), Map.of(), Map.of("x", in));
        assertEquals(List.of("z", "tail", "a", "also_z"), List.copyOf(out.keySet()));
        assertValues(out.get("z"), shape(1), 11);
        assertValues(out.get("tail"), shape(3), 2, 3, 4);
        assertValues(out.get("a"), shape(4), 1, 2, 3, 4);
        assertNotSame(in, out.get("a"), "an input returned as an output is copied");
        assertValues(out.get("also_z"), shape(1), 11);
    }

    @Test
    void valuesUsedTwiceSurviveTheirFirstUse() {
        GraphBuilder g = new GraphBuilder("diamond");
        Value x = g.input("x", TensorType.of(DType.F32, 2));
        Value e = g.add(new Unary(UnaryFn.EXP), x);
        Value n = g.add(new Unary(UnaryFn.NEG), e);
        Value s = g.add(new Binary(BinaryFn.ADD), e, n);
        Value t = g.add(new Binary(BinaryFn.MUL), s, e);
        g.output("y", t);
        assertValues(ReferenceInterpreter.run(g.build(), Map.of(), Map.of("x", f32(shape(2), 0, 1))).get("y"),
                shape(2), 0, 0);
    }

    @Test
    void constantsAreValues() {
        Tensor table = i64(shape(3), 1, 9007199254740993L, -1);
        Tensor c = TestTensors.eval(new Constant(table));
        assertTrue(c.contentEquals(table));
        assertNotSame(table, c);
        GraphBuilder g = new GraphBuilder("const");
        g.output("c", g.add(new Constant(table)));
        assertTrue(ReferenceInterpreter.run(g.build(), Map.of(), Map.of()).get("c").contentEquals(table));
    }

    @Test
    void aMisShapedInputIsNamedWithTheDeclaredType() {
        GraphBuilder g = new GraphBuilder("img");
        Value x = g.input("x", TensorType.of(DType.F32, N, 3, 8, 8));
        g.output("y", g.add(new Unary(UnaryFn.RELU), x));
        Graph graph = g.build();
        IrException e = assertThrows(IrException.class,
                () -> ReferenceInterpreter.run(graph, Map.of(), Map.of("x", f32(shape(1, 3), 0, 0, 0))));
        assertEquals("input 'x' is f32[1, 3] but the model expects f32[N, 3, 8, 8]", e.getMessage());
        IrException d = assertThrows(IrException.class, () -> ReferenceInterpreter.run(graph, Map.of(),
                Map.of("x", Tensor.zeros(DType.F64, 2, 3, 8, 8))));
        assertEquals("input 'x' is f64[2, 3, 8, 8] but the model expects f32[N, 3, 8, 8]", d.getMessage());
        IrException s = assertThrows(IrException.class, () -> ReferenceInterpreter.run(graph, Map.of(),
                Map.of("x", Tensor.zeros(DType.F32, 2, 3, 8, 7))));
        assertEquals("input 'x' is f32[2, 3, 8, 7] but the model expects f32[N, 3, 8, 8]", s.getMessage());
    }

    @Test
    void missingUnknownAndInconsistentInputs() {
        GraphBuilder g = new GraphBuilder("two");
        Value a = g.input("a", TensorType.of(DType.F32, N, 2));
        Value b = g.input("b", TensorType.of(DType.F32, N, 2));
        g.output("y", g.add(new Binary(BinaryFn.ADD), a, b));
        Graph graph = g.build();
        IrException missing = assertThrows(IrException.class,
                () -> ReferenceInterpreter.run(graph, Map.of(), Map.of("a", f32(shape(1, 2), 1, 2))));
        assertEquals("missing input 'b' (f32[N, 2])", missing.getMessage());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("a", Tensor.zeros(DType.F32, 2, 2));
        inputs.put("b", Tensor.zeros(DType.F32, 3, 2));
        IrException batch = assertThrows(IrException.class, () -> ReferenceInterpreter.run(graph, Map.of(), inputs));
        assertEquals("input 'b' is f32[3, 2] but the model expects f32[N, 2] with N = 2 (from input 'a')",
                batch.getMessage());
        inputs.put("b", Tensor.zeros(DType.F32, 2, 2));
        inputs.put("c", Tensor.zeros(DType.F32, 2, 2));
        IrException extra = assertThrows(IrException.class, () -> ReferenceInterpreter.run(graph, Map.of(), inputs));
        assertEquals("input 'c' is not an input of the model (its inputs are 'a', 'b')", extra.getMessage());
    }

    @Test
    void missingAndMisShapedWeightsAreAllListed() {
        IrException none = assertThrows(IrException.class,
                () -> ReferenceInterpreter.run(mlp(), Map.of(), Map.of("x", f32(shape(1, 2), 1, 2))));
        assertEquals("missing weight 'fc.weight' (f32[3, 2])\nmissing weight 'fc.bias' (f32[3])", none.getMessage());
        Map<String, Tensor> wrong = Map.of("fc.weight", f32(shape(2, 3), 0, 0, 0, 0, 0, 0), "fc.bias",
                f32(shape(3), 0, 0, 0));
        IrException shapeErr = assertThrows(IrException.class,
                () -> ReferenceInterpreter.run(mlp(), wrong, Map.of("x", f32(shape(1, 2), 1, 2))));
        assertEquals("weight 'fc.weight' is f32[2, 3] but the model declares f32[3, 2]", shapeErr.getMessage());
        // Input and weight problems are reported together.
        IrException both = assertThrows(IrException.class, () -> ReferenceInterpreter.run(mlp(), Map.of(), Map.of()));
        assertTrue(both.getMessage().startsWith("missing input 'x' (f32[N, 2])\nmissing weight 'fc.weight'"),
                both.getMessage());
    }

    @Test
    void runtimeErrorsOfOpsSurfaceAsIrExceptions() {
        GraphBuilder g = new GraphBuilder("div");
        Value a = g.input("a", TensorType.of(DType.I64, 2));
        Value b = g.input("b", TensorType.of(DType.I64, 2));
        g.output("q", g.add(new Binary(BinaryFn.DIV), a, b));
        Graph graph = g.build();
        IrException e = assertThrows(IrException.class, () -> ReferenceInterpreter.run(graph, Map.of(),
                Map.of("a", i64(shape(2), 4, 4), "b", i64(shape(2), 2, 0))));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }
}
