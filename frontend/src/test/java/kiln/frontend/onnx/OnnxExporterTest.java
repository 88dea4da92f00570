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
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
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

    /** What ONNX opset 17, or ONNX Runtime's reading of it, cannot say about a resize is refused by name. */
    @Test
    void refusesResizesOnnxRuntimeWouldComputeOtherwise() {
        Shape in = Shape.of(1, 1, 4, 4);
        Resize symmetric = Resize.to(ResizeMode.LINEAR, ResizeCoordinates.HALF_PIXEL_SYMMETRIC, in,
                Shape.of(1, 1, 8, 8));
        assertTrue(exportError(symmetric, in).contains("opset 19"));
        // 0.8 of 4 is 3.2: ONNX's reference aligns the corners of a length of 3.2, ONNX Runtime those of 3.
        Resize corners = new Resize(ResizeMode.LINEAR, ResizeCoordinates.ALIGN_CORNERS, NearestRounding.FLOOR, -0.75,
                false, Shape.of(1, 1, 3, 3), List.of(1.0, 1.0, (double) 0.8f, (double) 0.8f), List.of(), 0);
        assertTrue(exportError(corners, in).contains("resized length of 3.2"));
        Resize halfPixel = new Resize(ResizeMode.LINEAR, ResizeCoordinates.HALF_PIXEL, NearestRounding.FLOOR, -0.75,
                false, Shape.of(1, 1, 3, 3), List.of(1.0, 1.0, (double) 0.8f, (double) 0.8f), List.of(), 0);
        OnnxExporter.export(graph(halfPixel, in), Map.of());
    }

    private static Graph graph(Resize r, Shape in) {
        GraphBuilder b = new GraphBuilder("g");
        b.output("y", b.addNamed("resized", r, b.input("x", new TensorType(DType.F32, in))));
        return b.build();
    }

    private static String exportError(Resize r, Shape in) {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.export(graph(r, in), Map.of()));
        assertTrue(e.getMessage().contains("node %resized (resize)"), e.getMessage());
        return e.getMessage();
    }
}
