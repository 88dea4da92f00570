package kiln.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** The exporter's interface; every op is checked against ONNX Runtime in the {@code tests} module. */
class OnnxExporterTest {
    @Test
    void keepsNamesTypesAndWeights() {
        GraphBuilder b = new GraphBuilder("g");
        Value x = b.input("x", new TensorType(DType.F32, Shape.of(Shape.BATCH, 4)));
        Value w = b.param("layer.weight", TensorType.of(DType.F32, 3, 4));
        Value y = b.add(new kiln.ir.graph.Linear(), x, w);
        b.output("y", b.add(new Unary(UnaryFn.GELU), y));
        Graph g = b.build();
        Map<String, Tensor> weights = Weights.initial(g);
        ModelProto m = OnnxExporter.export(g, weights);
        assertEquals(OnnxExporter.OPSET, m.getOpsetImport(0).getVersion());
        assertEquals("x", m.getGraph().getInput(0).getName());
        assertEquals("N", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals("layer.weight", m.getGraph().getInitializer(0).getName());
        assertEquals("y", m.getGraph().getOutput(0).getName());

        OnnxModel back = OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT);
        assertEquals(List.of("layer.weight"), back.graph().params().stream().map(Value::name).toList());
        Tensor in = Tensor.ofFloats(new int[] {2, 4}, 1, -2, 3, 0.5f, 0, 1, 0, -1);
        Tensor expected = ReferenceInterpreter.run(g, weights, Map.of("x", in)).get("y");
        Tensor actual = ReferenceInterpreter.run(back.graph(), back.weights(), Map.of("x", in)).get("y");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-6f);
    }

    @Test
    void namesTheNodeItCannotExport() {
        GraphBuilder b = new GraphBuilder("g");
        Value x = b.input("x", TensorType.of(DType.F32, 1, 1, 9));
        Pool dilated = new Pool(PoolKind.AVG, List.of(2), List.of(1), List.of(0), List.of(0), List.of(2), false, false);
        b.output("y", b.addNamed("pooled", dilated, x));
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.export(b.build(), Map.of()));
        assertTrue(e.getMessage().contains("node %pooled (avg_pool)"), e.getMessage());
        assertTrue(e.getMessage().contains("dilat"), e.getMessage());
    }
}
