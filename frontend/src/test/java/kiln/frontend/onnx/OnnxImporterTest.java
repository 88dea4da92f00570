package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.floatAttr;
import static kiln.frontend.onnx.OnnxWriter.intAttr;
import static kiln.frontend.onnx.OnnxWriter.stringAttr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Node;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

class OnnxImporterTest {

    /** PyTorch's flatten-before-linear: the shape subgraph folds away, leaving one reshape. */
    @Test
    void foldsShapeSubgraphs() {
        var m = new TestModels().input("x", 2, 3, 4)
                .node("shape", "Shape", List.of("x"), List.of("s"))
                .node("c0", "Constant", List.of(), List.of("zero"), OnnxWriter.tensorAttr("value",
                        TensorProtos.fromTensor("", Tensor.ofLongs(new int[0], 0))))
                .node("gather", "Gather", List.of("s", "zero"), List.of("n"), intAttr("axis", 0))
                .node("unsq", "Unsqueeze", List.of("n", "axes"), List.of("n1"))
                .initializer("axes", Tensor.ofLongs(new int[] {1}, 0))
                .initializer("minus1", Tensor.ofLongs(new int[] {1}, -1))
                .node("concat", "Concat", List.of("n1", "minus1"), List.of("target"), intAttr("axis", 0))
                .node("reshape", "Reshape", List.of("x", "target"), List.of("y"))
                .output("y").build();
        Graph g = OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT).graph();
        assertEquals(1, g.nodes().size(), g.nodes().toString());
        Node only = g.nodes().getFirst();
        assertEquals(new Reshape(Shape.of(2, 12)), only.op());
        assertEquals("y", only.output().name());
        assertTrue(g.params().isEmpty(), "integer initializers are constants, not weights");
    }

    /** PyTorch's Expand: the target shape goes through Equal and Where, which fold on constants like any op. */
    @Test
    void foldsComparisonsAndWhereOnConstants() {
        var m = new TestModels().input("x", 3, 1)
                .initializer("want", Tensor.ofLongs(new int[] {3}, 2, -1, 4))
                .initializer("minus1", Tensor.ofLongs(new int[0], -1))
                .initializer("one", Tensor.ofLongs(new int[0], 1))
                .node("eq", "Equal", List.of("want", "minus1"), List.of("isFree"))
                .node("where", "Where", List.of("isFree", "one", "want"), List.of("target"))
                .node("expand", "Expand", List.of("x", "target"), List.of("y"))
                .output("y").build();
        Graph g = OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT).graph();
        assertEquals(Shape.of(2, 3, 4), g.outputs().getFirst().value().type().shape());

        assertEquals(List.of("reshape", "gather", "gather"), g.nodes().stream().map(n -> n.op().name())
                .filter(name -> !name.equals("constant")).toList());
    }

    @Test
    void floatInitializersAreWeightsBoundByName() {
        Tensor w = Tensor.ofFloats(new int[] {3}, 1, 2, 3);
        var m = new TestModels().input("x", 3).initializer("scale", w)
                .node("mul", "Mul", List.of("x", "scale"), List.of("y")).output("y").build();
        OnnxModel model = OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT);
        assertEquals("scale", model.graph().params().getFirst().name());
        assertSame(w.dtype(), model.weights().get("scale").dtype());
        Tensor x = Tensor.ofFloats(new int[] {3}, 1, 1, 1);
        Map<String, Tensor> out = ReferenceInterpreter.run(model.graph(), model.weights(), Map.of("x", x));
        assertArrayEquals(new float[] {1, 2, 3}, out.get("y").toFloatArray());

        Map<String, Tensor> other = model.weightsWith(Map.of("scale", Tensor.ofFloats(new int[] {3}, 5, 5, 5)));
        out = ReferenceInterpreter.run(model.graph(), other, Map.of("x", x));
        assertArrayEquals(new float[] {5, 5, 5}, out.get("y").toFloatArray());
        IrException e = assertThrows(IrException.class,
                () -> model.weightsWith(Map.of("scale", Tensor.ofFloats(new int[] {2}, 1, 2))));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
        assertThrows(IrException.class, () -> model.weightsWith(Map.of("nope", w)));
    }

    /** Every unsupported operator and attribute is reported at once, by node name and operator. */
    @Test
    void reportsEveryUnsupportedNodeTogether() {
        var m = new TestModels().input("x", 4).typedInput("c", TensorProto.DataType.BOOL_VALUE, 4)
                .node("nz", "NonZero", List.of("c"), List.of("a"))
                .node("relu", "Relu", List.of("x"), List.of("b"), floatAttr("strange", 1))
                .node("pad", "Pad", List.of("x", "pads"), List.of("p"), stringAttr("mode", "wrap"))
                .initializer("pads", Tensor.ofLongs(new int[] {2}, 1, 1))
                .node("after", "Neg", List.of("a"), List.of("d"))
                .node("custom", "Frobnicate", List.of("x"), List.of("e"))
                .output("d").output("b").output("p").output("e").build();
        OnnxException e = refused(m);
        List<OnnxException.Problem> p = e.problems();
        assertEquals(List.of("NonZero", "Relu", "Pad", "Frobnicate"),
                p.stream().map(OnnxException.Problem::operator).toList(), e.getMessage());
        assertEquals(List.of(Kind.UNSUPPORTED_OPERATOR, Kind.UNSUPPORTED_ATTRIBUTE, Kind.UNSUPPORTED_ATTRIBUTE,
                Kind.UNSUPPORTED_OPERATOR), p.stream().map(OnnxException.Problem::kind).toList());
        assertTrue(e.getMessage().contains("node 'relu' (Relu): the attribute strange is not supported [OX102]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("node 'nz' (NonZero)"), e.getMessage());
    }

    @Test
    void asksForRunTimeShapesToBeConstants() {
        var m = new TestModels().input("x", 2, 6).typedInput("shape", TensorProto.DataType.INT64_VALUE, 2)
                .node("r", "Reshape", List.of("x", "shape"), List.of("y")).output("y").build();
        OnnxException e = refused(m);
        assertEquals(Kind.NEEDS_CONSTANT, e.problems().getFirst().kind());
        assertEquals("shape", e.problems().getFirst().value());
        var options = new OnnxImporter.Options(Map.of("shape", Tensor.ofLongs(new int[] {2}, 3, 4)));
        Graph g = OnnxImporter.fromProto(m, options).graph();
        assertEquals(List.of("x"), g.inputs().stream().map(v -> v.name()).toList());
        assertEquals(Shape.of(3, 4), g.outputs().getFirst().value().type().shape());
    }

    @Test
    void symbolicBatchBecomesN() {
        var m = new TestModels().input("x", -1, 3, 4)
                .initializer("target", Tensor.ofLongs(new int[] {2}, 0, -1))
                .node("r", "Reshape", List.of("x", "target"), List.of("y")).output("y").build();
        Graph g = OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT).graph();
        assertEquals(Shape.of(Shape.BATCH, 12), g.outputs().getFirst().value().type().shape());

        var shape = new TestModels().input("x", -1, 3).node("s", "Shape", List.of("x"), List.of("y")).output("y")
                .build();
        OnnxException e = refused(shape);
        assertTrue(e.getMessage().contains("symbolic batch size"), e.getMessage());
    }

    @Test
    void refusesOpsetsItDoesNotKnow() {
        var m = new TestModels().opset(OnnxImporter.MAX_OPSET + 1).input("x", 2)
                .node("n", "Neg", List.of("x"), List.of("y")).output("y").build();
        OnnxException e = refused(m);
        assertTrue(e.getMessage().contains("opset " + (OnnxImporter.MAX_OPSET + 1)), e.getMessage());
    }

    @Test
    void refusesDynamicInnerDimensions() {
        var m = new TestModels().input("x", 2, -1).node("n", "Neg", List.of("x"), List.of("y")).output("y").build();
        OnnxException e = refused(m);
        assertEquals(Kind.UNSUPPORTED_TYPE, e.problems().getFirst().kind());
        assertTrue(e.getMessage().contains("input 'x'"), e.getMessage());
    }

    /** ConvTranspose is composed; check it against a transposed convolution written out by hand. */
    @Test
    void convTransposeMatchesItsDefinition() {
        int c = 2;
        int m = 4;
        int group = 2;
        int k = 3;
        int stride = 2;
        int pad = 1;
        int in = 5;
        Tensor x = Tensor.zeros(kiln.runtime.DType.F32, 1, c, in);
        Tensor w = Tensor.zeros(kiln.runtime.DType.F32, c, m / group, k);
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, Math.sin(i + 1));
        }
        for (int i = 0; i < w.size(); i++) {
            w.setDouble(i, Math.cos(3 * i));
        }
        var model = new TestModels().input("x", 1, c, in).initializer("w", w)
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y"), intAttr("group", group),
                        OnnxWriter.intsAttr("strides", List.of(stride)), OnnxWriter.intsAttr("pads", List.of(pad, 0)),
                        OnnxWriter.intsAttr("output_padding", List.of(1)))
                .output("y").build();
        OnnxModel om = OnnxImporter.fromProto(model, OnnxImporter.Options.DEFAULT);
        Tensor y = ReferenceInterpreter.run(om.graph(), om.weights(), Map.of("x", x)).get("y");
        int out = stride * (in - 1) + 1 + (k - 1) - pad + 1;
        assertArrayEquals(new int[] {1, m, out}, y.shape());
        double[] expected = new double[m * out];
        int cg = c / group;
        int mg = m / group;
        for (int g = 0; g < group; g++) {
            for (int ci = 0; ci < cg; ci++) {
                for (int mi = 0; mi < mg; mi++) {
                    for (int i = 0; i < in; i++) {
                        for (int t = 0; t < k; t++) {
                            int o = i * stride + t - pad;
                            if (o >= 0 && o < out) {
                                expected[(g * mg + mi) * out + o] += x.getDouble((g * cg + ci) * in + i)
                                        * w.getDouble(((g * cg + ci) * mg + mi) * k + t);
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y.getDouble(i), 1e-5, "element " + i);
        }
    }

    private static OnnxException refused(kiln.frontend.onnx.proto.OnnxProtos.ModelProto m) {
        return assertThrows(OnnxException.class, () -> OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT));
    }
}
