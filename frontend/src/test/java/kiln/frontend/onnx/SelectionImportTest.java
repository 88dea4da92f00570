package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.floatAttr;
import static kiln.frontend.onnx.OnnxWriter.intAttr;
import static kiln.frontend.onnx.OnnxWriter.intsAttr;
import static kiln.frontend.onnx.OnnxWriter.stringAttr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Graph;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Op;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Where;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Comparisons, Where, GatherElements, ThresholdedRelu, Resize and Upsample as the importer maps them. */
class SelectionImportTest {
    private static Graph imported(ModelProto m) {
        return OnnxImporter.fromProto(m, OnnxImporter.Options.DEFAULT).graph();
    }

    private static Op only(ModelProto m) {
        Graph g = imported(m);
        long ops = g.nodes().stream().filter(n -> !n.op().name().equals("constant")).count();
        assertEquals(1, ops, g.nodes().toString());
        return g.nodes().getLast().op();
    }

    private static OnnxException refused(ModelProto m) {
        return assertThrows(OnnxException.class, () -> imported(m));
    }

    @Test
    void comparisonsOfRunTimeValuesAreNodes() {
        String[] ops = {"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"};
        CompareFn[] fns = {CompareFn.EQUAL, CompareFn.LESS, CompareFn.GREATER, CompareFn.LESS_EQUAL,
            CompareFn.GREATER_EQUAL};
        for (int i = 0; i < ops.length; i++) {
            var m = new TestModels().input("x", 3).input("z", 3)
                    .node("c", ops[i], List.of("x", "z"), List.of("y")).output("y").build();
            assertEquals(new Compare(fns[i]), only(m));
        }
        var mixed = new TestModels().input("x", 3).typedInput("z", TensorProto.DataType.INT64_VALUE, 3)
                .node("c", "Less", List.of("x", "z"), List.of("y")).output("y").build();
        assertEquals(Kind.INVALID_MODEL, refused(mixed).problems().getFirst().kind());
    }

    @Test
    void whereGatherElementsAndThresholdedRelu() {
        var where = new TestModels().typedInput("c", TensorProto.DataType.BOOL_VALUE, 2, 1).input("x", 3)
                .input("z", 1).node("w", "Where", List.of("c", "x", "z"), List.of("y")).output("y").build();
        assertEquals(new Where(), only(where));
        var gather = new TestModels().input("x", 3, 3).typedInput("i", TensorProto.DataType.INT64_VALUE, 2, 3)
                .node("g", "GatherElements", List.of("x", "i"), List.of("y"), intAttr("axis", -2)).output("y").build();
        assertEquals(new GatherElements(-2), only(gather));

        var relu = new TestModels().input("x", 4).node("t", "ThresholdedRelu", List.of("x"), List.of("y"),
                floatAttr("alpha", 2)).output("y").build();
        Graph g = imported(relu);
        Tensor x = Tensor.ofFloats(new int[] {4}, 1, 2, 3, Float.NaN);
        Tensor y = ReferenceInterpreter.run(g, Map.of(), Map.of("x", x)).get("y");
        assertArrayEquals(new float[] {0, 0, 3, 0}, y.toFloatArray());
    }

    private static TestModels resizeInput() {
        return new TestModels().input("x", 1, 1, 4, 4);
    }

    private static ModelProto resize(TestModels t, List<String> in, AttributeProto... attributes) {
        return t.node("r", "Resize", in, List.of("y"), attributes).output("y").build();
    }

    @Test
    void resizeByScalesKeepsTheScales() {
        var m = resize(resizeInput().initializer("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 0.8f, 2.5f)),
                List.of("x", "", "scales"), stringAttr("mode", "cubic"), floatAttr("cubic_coeff_a", -0.5),
                intAttr("exclude_outside", 1));
        assertEquals(new Resize(ResizeMode.CUBIC, ResizeCoordinates.HALF_PIXEL, NearestRounding.ROUND_PREFER_FLOOR,
                -0.5, true, Shape.of(1, 1, 3, 10), List.of(1.0, 1.0, (double) 0.8f, 2.5), List.of(), 0.0), only(m));
    }

    @Test
    void resizeBySizesImpliesTheScales() {
        var m = resize(resizeInput().initializer("sizes", Tensor.ofLongs(new int[] {4}, 1, 1, 3, 8)),
                List.of("x", "", "", "sizes"), stringAttr("mode", "nearest"),
                stringAttr("coordinate_transformation_mode", "asymmetric"), stringAttr("nearest_mode", "ceil"));
        assertEquals(new Resize(ResizeMode.NEAREST, ResizeCoordinates.ASYMMETRIC, NearestRounding.CEIL, -0.75, false,
                Shape.of(1, 1, 3, 8), List.of(1.0, 1.0, 0.75, 2.0), List.of(), 0.0), only(m));
    }

    @Test
    void cropAndResizeTakesTheRegionOfInterest() {
        var m = resize(resizeInput().initializer("sizes", Tensor.ofLongs(new int[] {4}, 1, 1, 3, 3))
                        .initializer("roi", Tensor.ofFloats(new int[] {8}, 0, 0, 0.5f, 0.25f, 1, 1, 1, 0.75f)),
                List.of("x", "roi", "", "sizes"), stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "tf_crop_and_resize"),
                floatAttr("extrapolation_value", 7));
        Resize r = (Resize) only(m);
        assertEquals(List.of(0.0, 0.0, 0.5, 0.25, 1.0, 1.0, 1.0, 0.75), r.roi());
        assertEquals(7.0, r.extrapolation());
    }

    /** Opset 18: sizes for some axes only, and a policy that keeps the aspect ratio. */
    @Test
    void axesAndAspectRatioPolicy() {
        var m = resize(resizeInput().opset(18).initializer("sizes", Tensor.ofLongs(new int[] {2}, 6, 10)),
                List.of("x", "", "", "sizes"), intsAttr("axes", List.of(2, -1)),
                stringAttr("keep_aspect_ratio_policy", "not_larger"));
        Resize r = (Resize) only(m);
        assertEquals(Shape.of(1, 1, 6, 6), r.sizes());
        assertEquals(List.of(1.0, 1.0, 1.5, 1.5), r.scales());
    }

    @Test
    void upsampleRepeatsElements() {
        var m = new TestModels().opset(9).input("x", 1, 1, 2, 2)
                .initializer("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 2, 3))
                .node("u", "Upsample", List.of("x", "scales"), List.of("y")).output("y").build();
        Graph g = imported(m);
        Tensor y = ReferenceInterpreter.run(g, Map.of(), Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2}, 1, 2, 3,
                4))).get("y");
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4},
                y.toFloatArray());
    }

    @Test
    void refusesWhatResizeCannotBe() {
        TestModels scales = resizeInput().initializer("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 2, 2));
        List<String> in = List.of("x", "", "scales");
        assertEquals(Kind.UNSUPPORTED_ATTRIBUTE, refused(resize(resizeInput().opset(18)
                .initializer("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 2, 2)), in, intAttr("antialias", 1)))
                .problems().getFirst().kind());
        assertEquals(Kind.UNSUPPORTED_ATTRIBUTE, refused(resize(scales, in,
                stringAttr("coordinate_transformation_mode", "half_pixel_symmetric"))).problems().getFirst().kind());
        OnnxException both = refused(resize(resizeInput().initializer("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 2,
                2)).initializer("sizes", Tensor.ofLongs(new int[] {4}, 1, 1, 8, 8)), List.of("x", "", "scales",
                "sizes")));
        assertTrue(both.getMessage().contains("exactly one of scales and sizes"), both.getMessage());
        var ints = new TestModels().typedInput("x", TensorProto.DataType.INT32_VALUE, 1, 4)
                .initializer("scales", Tensor.ofFloats(new int[] {2}, 1, 2));
        assertEquals(Kind.UNSUPPORTED_TYPE, refused(resize(ints, in, stringAttr("mode", "linear"))).problems()
                .getFirst().kind());
        var batch = new TestModels().input("x", -1, 4).initializer("scales", Tensor.ofFloats(new int[] {2}, 2, 2));
        assertTrue(refused(resize(batch, in)).getMessage().contains("batch dimension"));
    }
}
