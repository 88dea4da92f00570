package kiln.frontend.onnx;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.UnaryFn;

/**
 * Which ONNX operators (default domain) Kiln imports, and how: operator type to converter. Operators Kiln
 * knows it lacks have a reason, so that the user learns what is missing rather than just "unsupported".
 */
final class OpTable {
    private OpTable() {
    }

    /** Converts one node: one term per output position (the node may not want all of them). */
    @FunctionalInterface
    interface Converter {
        List<Term> convert(NodeContext n);
    }

    private static final Map<String, Converter> CONVERTERS = new TreeMap<>();
    private static final Map<String, String> MISSING = new TreeMap<>();

    static {
        binary("Add", BinaryFn.ADD);
        binary("Sub", BinaryFn.SUB);
        binary("Mul", BinaryFn.MUL);
        binary("Div", BinaryFn.DIV);
        CONVERTERS.put("Pow", ElementwiseOps::pow);
        CONVERTERS.put("Max", n -> ElementwiseOps.variadic(n, BinaryFn.MAX, false));
        CONVERTERS.put("Min", n -> ElementwiseOps.variadic(n, BinaryFn.MIN, false));
        CONVERTERS.put("Sum", n -> ElementwiseOps.variadic(n, BinaryFn.ADD, false));
        CONVERTERS.put("Mean", n -> ElementwiseOps.variadic(n, BinaryFn.ADD, true));
        unary("Neg", UnaryFn.NEG);
        unary("Abs", UnaryFn.ABS);
        unary("Sign", UnaryFn.SIGN);
        unary("Exp", UnaryFn.EXP);
        unary("Log", UnaryFn.LOG);
        unary("Sqrt", UnaryFn.SQRT);
        unary("Reciprocal", UnaryFn.RECIPROCAL);
        unary("Floor", UnaryFn.FLOOR);
        unary("Ceil", UnaryFn.CEIL);
        unary("Round", UnaryFn.ROUND);
        unary("Sin", UnaryFn.SIN);
        unary("Cos", UnaryFn.COS);
        unary("Erf", UnaryFn.ERF);
        unary("Tanh", UnaryFn.TANH);
        unary("Sigmoid", UnaryFn.SIGMOID);
        unary("Relu", UnaryFn.RELU);
        unary("Softplus", UnaryFn.SOFTPLUS);
        unary("HardSwish", UnaryFn.HARD_SWISH);
        CONVERTERS.put("Gelu", ElementwiseOps::gelu);
        CONVERTERS.put("LeakyRelu", ElementwiseOps::leakyRelu);
        CONVERTERS.put("HardSigmoid", ElementwiseOps::hardSigmoid);
        CONVERTERS.put("Shrink", ElementwiseOps::shrink);
        CONVERTERS.put("Elu", ElementwiseOps::elu);
        CONVERTERS.put("Selu", ElementwiseOps::selu);
        CONVERTERS.put("Celu", ElementwiseOps::celu);
        CONVERTERS.put("PRelu", ElementwiseOps::prelu);
        CONVERTERS.put("Softsign", ElementwiseOps::softsign);
        CONVERTERS.put("Mish", ElementwiseOps::mish);
        CONVERTERS.put("Clip", ElementwiseOps::clip);
        CONVERTERS.put("Cast", ElementwiseOps::cast);
        CONVERTERS.put("CastLike", ElementwiseOps::castLike);
        CONVERTERS.put("Identity", ElementwiseOps::identity);
        CONVERTERS.put("Dropout", ElementwiseOps::dropout);
        for (String op : List.of("Not", "And", "Or", "Xor")) {
            CONVERTERS.put(op, n -> ElementwiseOps.logic(n, op));
        }

        CONVERTERS.put("MatMul", ConvOps::matMul);
        CONVERTERS.put("Gemm", ConvOps::gemm);
        CONVERTERS.put("Conv", ConvOps::conv);
        CONVERTERS.put("ConvTranspose", ConvOps::convTranspose);
        CONVERTERS.put("AveragePool", PoolOps::averagePool);
        CONVERTERS.put("MaxPool", PoolOps::maxPool);
        CONVERTERS.put("GlobalAveragePool", n -> PoolOps.global(n, PoolKind.AVG));
        CONVERTERS.put("GlobalMaxPool", n -> PoolOps.global(n, PoolKind.MAX));

        CONVERTERS.put("BatchNormalization", NormOps::batchNorm);
        CONVERTERS.put("InstanceNormalization", NormOps::instanceNorm);
        CONVERTERS.put("LayerNormalization", NormOps::layerNorm);
        CONVERTERS.put("GroupNormalization", NormOps::groupNorm);
        CONVERTERS.put("LpNormalization", NormOps::lpNorm);
        CONVERTERS.put("MeanVarianceNormalization", NormOps::meanVarianceNorm);

        reduce("ReduceSum", ReduceOps.Kind.SUM);
        reduce("ReduceMean", ReduceOps.Kind.MEAN);
        reduce("ReduceMax", ReduceOps.Kind.MAX);
        reduce("ReduceMin", ReduceOps.Kind.MIN);
        reduce("ReduceSumSquare", ReduceOps.Kind.SUM_SQUARE);
        reduce("ReduceL1", ReduceOps.Kind.L1);
        reduce("ReduceL2", ReduceOps.Kind.L2);
        reduce("ReduceLogSum", ReduceOps.Kind.LOG_SUM);
        reduce("ReduceLogSumExp", ReduceOps.Kind.LOG_SUM_EXP);
        CONVERTERS.put("Softmax", n -> ReduceOps.softmax(n, false));
        CONVERTERS.put("LogSoftmax", n -> ReduceOps.softmax(n, true));

        CONVERTERS.put("Constant", ShapeOps::constant);
        CONVERTERS.put("Shape", ShapeOps::shape);
        CONVERTERS.put("Size", ShapeOps::size);
        CONVERTERS.put("ConstantOfShape", ShapeOps::constantOfShape);
        CONVERTERS.put("Range", ShapeOps::range);
        CONVERTERS.put("Reshape", ShapeOps::reshape);
        CONVERTERS.put("Flatten", ShapeOps::flatten);
        CONVERTERS.put("Transpose", ShapeOps::transpose);
        CONVERTERS.put("Squeeze", n -> ShapeOps.squeeze(n, false));
        CONVERTERS.put("Unsqueeze", n -> ShapeOps.squeeze(n, true));
        CONVERTERS.put("Concat", ShapeOps::concat);
        CONVERTERS.put("Split", ShapeOps::split);
        CONVERTERS.put("Slice", ShapeOps::slice);
        CONVERTERS.put("Pad", ShapeOps::pad);
        CONVERTERS.put("Gather", ShapeOps::gather);
        CONVERTERS.put("Expand", ShapeOps::expand);
        CONVERTERS.put("Tile", ShapeOps::tile);
        CONVERTERS.put("DepthToSpace", ShapeOps::depthToSpace);
        CONVERTERS.put("SpaceToDepth", ShapeOps::spaceToDepth);
        CONVERTERS.put("DFT", DftOps::dft);

        CONVERTERS.put("Equal", n -> SelectionOps.compare(n, CompareFn.EQUAL));
        CONVERTERS.put("Less", n -> SelectionOps.compare(n, CompareFn.LESS));
        CONVERTERS.put("Greater", n -> SelectionOps.compare(n, CompareFn.GREATER));
        CONVERTERS.put("LessOrEqual", n -> SelectionOps.compare(n, CompareFn.LESS_EQUAL));
        CONVERTERS.put("GreaterOrEqual", n -> SelectionOps.compare(n, CompareFn.GREATER_EQUAL));
        CONVERTERS.put("Where", SelectionOps::where);
        CONVERTERS.put("GatherElements", SelectionOps::gatherElements);
        CONVERTERS.put("ThresholdedRelu", SelectionOps::thresholdedRelu);
        CONVERTERS.put("Resize", ResizeOps::resize);
        CONVERTERS.put("Upsample", ResizeOps::upsample);
        MISSING.put("ReduceProd", "the Graph IR has no product reduction");
        MISSING.put("ArgMax", "the Graph IR has no arg-max");
        MISSING.put("ArgMin", "the Graph IR has no arg-min");
    }

    private static void binary(String op, BinaryFn fn) {
        CONVERTERS.put(op, n -> ElementwiseOps.binary(n, fn));
    }

    private static void unary(String op, UnaryFn fn) {
        CONVERTERS.put(op, n -> ElementwiseOps.unary(n, fn));
    }

    private static void reduce(String op, ReduceOps.Kind kind) {
        CONVERTERS.put(op, n -> ReduceOps.reduce(n, kind));
    }

    /** The converter of an operator of the default domain, or null. */
    static Converter converter(String opType) {
        return CONVERTERS.get(opType);
    }

    /** Why an operator is not imported, for a message. */
    static String whyMissing(String opType) {
        return MISSING.getOrDefault(opType, "operator not supported");
    }

    /** The operator types Kiln imports, sorted. */
    static List<String> supported() {
        return List.copyOf(CONVERTERS.keySet());
    }
}
