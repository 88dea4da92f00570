package kiln.tests.ort;

import static kiln.ir.graph.Shape.BATCH;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Uses of every Graph IR op (and every unary and binary function) for the exporter's tests, with
 * attributes away from their defaults, the symbolic batch size, and c64 values through the layout ops.
 * Each sample is one op applied to graph inputs of the given types.
 */
final class ExportSamples {
    /** {@code positive}: inputs drawn from [0.5, 2) instead of [-1, 1), for ops defined only there. */
    record Sample(String label, Op op, List<TensorType> inputs, boolean positive) {
    }

    private ExportSamples() {
    }

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        s.add(sample(new Constant(Tensor.ofFloats(new int[] {2, 2}, 1, -0.0f, 2.5f, 3.5e-3f))));
        s.add(sample(new Constant(Tensor.of(DType.C64, new int[] {2}, 1, 2, -3, 4))));
        s.add(sample(new Conv(List.of(1, 2), List.of(1, 0), List.of(1, 2), List.of(1, 2), 2), f32(BATCH, 4, 8, 8),
                f32(8, 2, 3, 3), f32(8)));
        s.add(sample(Conv.plain(1), f32(BATCH, 3, 16), f32(5, 3, 7)));
        s.add(sample(new MatMul(), f32(BATCH, 3, 4), f32(4, 5)));
        s.add(sample(new MatMul(), f32(4), f32(2, 4, 3)));
        s.add(sample(new Gemm(0.5, 2.0, true, false), f32(4, 3), f32(4, 5), f32(5)));
        s.add(sample(new Linear(), f32(BATCH, 6), f32(3, 6), f32(3)));
        s.add(sample(new Linear(), f32(BATCH, 2, 6), f32(3, 6)));
        for (UnaryFn fn : UnaryFn.values()) {
            boolean positive = fn == UnaryFn.LOG || fn == UnaryFn.SQRT || fn == UnaryFn.RECIPROCAL;
            s.add(fn == UnaryFn.CONJ ? sample(new Unary(fn), t(DType.C64, 2, 3))
                    : new Sample(fn.text(), new Unary(fn), List.of(f32(BATCH, 3, 5)), positive));
        }
        s.add(sample(new Unary(UnaryFn.NEG), t(DType.C64, BATCH, 3)));
        s.add(sample(new Unary(UnaryFn.RELU), t(DType.I64, 6)));
        s.add(sample(new Unary(UnaryFn.ABS), t(DType.I32, 6)));
        for (BinaryFn fn : BinaryFn.values()) {
            s.add(new Sample(fn.text(), new Binary(fn), List.of(f32(BATCH, 3), f32(3)), fn == BinaryFn.POW));
        }
        for (BinaryFn fn : List.of(BinaryFn.ADD, BinaryFn.SUB, BinaryFn.MUL, BinaryFn.DIV)) {
            s.add(sample(new Binary(fn), t(DType.C64, BATCH, 3), t(DType.C64, 3)));
        }
        s.add(sample(new Binary(BinaryFn.MAX), t(DType.I64, 2, 3), t(DType.I64, 3)));
        s.add(sample(new Binary(BinaryFn.MUL), t(DType.F64, 2, 3), t(DType.F64, 1)));
        s.add(sample(new LeakyRelu(0.1), f32(BATCH, 3)));
        s.add(sample(new HardSigmoid(1 / 6.0, 0.5), f32(BATCH, 3)));
        s.add(sample(new Clip(-0.5, 0.25), f32(BATCH, 3)));
        s.add(sample(new Clip(Double.NEGATIVE_INFINITY, 4.0), t(DType.I32, 6)));
        s.add(sample(new Clip(0.0, Double.POSITIVE_INFINITY), f32(4)));
        s.add(sample(new Shrink(0.5, 0.25), f32(BATCH, 3)));
        s.add(sample(new StarRelu(), f32(BATCH, 4), f32(1), f32(1)));
        // Positive inputs, so that the variance is one.
        s.add(new Sample("batch_norm", new BatchNorm(1e-3), List.of(f32(BATCH, 3, 4, 4), f32(3), f32(3), f32(3),
                f32(3)), true));
        s.add(sample(new LayerNorm(List.of(-1), 1e-6), f32(BATCH, 5, 6), f32(6), f32(6)));
        s.add(sample(new LayerNorm(List.of(1, 2), 1e-5), f32(BATCH, 3, 4)));
        s.add(sample(new LayerNorm(List.of(1), 1e-6), f32(BATCH, 4, 3, 3), f32(4, 1, 1), f32(4, 1, 1)));
        s.add(sample(new InstanceNorm(1e-5), f32(BATCH, 3, 4, 4), f32(3), f32(3)));
        s.add(sample(new InstanceNorm(1e-5), f32(BATCH, 3, 6)));
        s.add(sample(new GroupNorm(2, 1e-5), f32(BATCH, 4, 4, 4)));
        s.add(sample(new GroupNorm(3, 1e-5), f32(BATCH, 6, 5), f32(6), f32(6)));
        s.add(sample(new Pool(PoolKind.AVG, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1),
                false, true), f32(BATCH, 3, 8, 8)));
        s.add(sample(new Pool(PoolKind.AVG, List.of(3), List.of(2), List.of(1), List.of(0), List.of(1), false, false),
                f32(BATCH, 3, 9)));
        s.add(sample(new Pool(PoolKind.MAX, List.of(2), List.of(1), List.of(0), List.of(1), List.of(2), false, false),
                f32(BATCH, 3, 9)));
        s.add(sample(new Pool(PoolKind.MAX, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1),
                true, false), f32(BATCH, 2, 8, 8)));
        for (PoolKind kind : PoolKind.values()) {
            s.add(sample(new GlobalPool(kind), f32(BATCH, 3, 4, 4)));
        }
        for (ReduceKind kind : ReduceKind.values()) {
            s.add(sample(new Reduce(kind, List.of(1, -1), kind == ReduceKind.MAX), f32(BATCH, 3, 4)));
            s.add(sample(new Reduce(kind, List.of(), true), f32(2, 3, 4)));
        }
        s.add(sample(new Softmax(-1), f32(BATCH, 10)));
        s.add(sample(new Softmax(1), f32(BATCH, 4, 3)));
        s.add(sample(new Reshape(Shape.of(BATCH, 12)), f32(BATCH, 3, 4)));
        s.add(sample(new Reshape(Shape.of(BATCH, 2, 3)), t(DType.C64, BATCH, 6)));
        s.add(sample(new Flatten(1), f32(BATCH, 3, 4)));
        s.add(sample(new Flatten(-1), f32(2, 3, 4)));
        s.add(sample(new Transpose(List.of(0, 2, 1)), f32(BATCH, 3, 4)));
        s.add(sample(new Transpose(List.of(1, 0)), t(DType.C64, 3, 4)));
        s.add(sample(new Squeeze(List.of(1)), f32(BATCH, 1, 4)));
        s.add(sample(new Squeeze(List.of()), f32(2, 1, 4, 1)));
        s.add(sample(new Unsqueeze(List.of(0, 3)), f32(BATCH, 4)));
        s.add(sample(new Unsqueeze(List.of(-1)), t(DType.C64, 3)));
        s.add(sample(new Split(1, List.of(1, 2)), f32(BATCH, 3, 4)));
        s.add(sample(new Split(-1, List.of(3, 1)), t(DType.C64, 2, 4)));
        s.add(sample(new Concat(1), f32(BATCH, 2, 4), f32(BATCH, 3, 4)));
        s.add(sample(new Concat(-1), t(DType.C64, 2, 2), t(DType.C64, 2, 3)));
        s.add(sample(new Slice(List.of(1, 0), List.of(3, -1), List.of(1, 2), List.of(1, 2)), f32(BATCH, 4, 6)));
        s.add(sample(new Slice(List.of(-1), List.of(Integer.MIN_VALUE), List.of(-1), List.of(-2)), t(DType.C64, 2, 7)));
        s.add(sample(new Pad(PadMode.REFLECT, List.of(0, 0, 1, 2), List.of(0, 0, 2, 1), 0.0), f32(BATCH, 3, 5, 5)));
        s.add(sample(new Pad(PadMode.EDGE, List.of(0, 2), List.of(0, 1), 0.0), f32(BATCH, 5)));
        s.add(sample(new Pad(PadMode.CONSTANT, List.of(1), List.of(-1), -2.5), t(DType.I64, 4)));
        s.add(sample(new Pad(PadMode.CONSTANT, List.of(1, 0), List.of(0, 2), 0.0), t(DType.C64, 2, 3)));
        s.add(sample(new Gather(0), f32(5, 3), t(DType.I64, 2, 2)));
        s.add(sample(new Gather(-1), t(DType.C64, 2, 5), t(DType.I64, 3)));
        s.add(sample(new Cast(DType.F64), f32(BATCH, 3)));
        s.add(sample(new Cast(DType.I32), f32(BATCH, 3)));
        s.add(sample(new Cast(DType.BOOL), f32(4)));
        s.add(sample(new Cast(DType.C64), f32(BATCH, 3)));
        s.add(sample(new Rfft(List.of(8), FftNorm.ORTHO), f32(BATCH, 8)));
        s.add(sample(new Rfft(List.of(6), FftNorm.BACKWARD), f32(2, 4)));
        s.add(sample(new Rfft(List.of(4, 6), FftNorm.FORWARD), f32(BATCH, 4, 6)));
        s.add(sample(new Irfft(List.of(8), FftNorm.BACKWARD), t(DType.C64, BATCH, 5)));
        s.add(sample(new Irfft(List.of(7), FftNorm.ORTHO), t(DType.C64, 2, 3)));
        s.add(sample(new Irfft(List.of(4, 8), FftNorm.FORWARD), t(DType.C64, BATCH, 4, 5)));
        s.add(sample(new ComplexPart(false), t(DType.C64, BATCH, 5)));
        s.add(sample(new ComplexPart(true), t(DType.C64, BATCH, 5)));
        s.add(sample(new MakeComplex(), f32(BATCH, 5), f32(5)));
        s.add(sample(new MakeComplex(), f32(2, 3), f32(2, 3)));
        for (CompareFn fn : CompareFn.values()) {
            s.add(sample(new Compare(fn), f32(BATCH, 3), f32(3)));
        }
        s.add(sample(new Compare(CompareFn.LESS_EQUAL), t(DType.I64, 2, 3), t(DType.I64, 1)));
        s.add(sample(new Compare(CompareFn.NOT_EQUAL), t(DType.BOOL, 4), t(DType.BOOL, 4)));
        s.add(sample(new Where(), t(DType.BOOL, BATCH, 1), f32(BATCH, 3), f32(3)));
        s.add(sample(new Where(), t(DType.BOOL, 2, 3), t(DType.C64, 3), t(DType.C64, 2, 3)));
        s.add(sample(new GatherElements(0), f32(3, 4), t(DType.I64, 2, 4)));
        s.add(sample(new GatherElements(-1), t(DType.C64, 2, 5), t(DType.I32, 2, 3)));
        s.addAll(resizes());
        return s;
    }

    /** Resize in every mode and mapping ONNX opset 17 has, by sizes (also with N) and by scales. */
    private static List<Sample> resizes() {
        List<Sample> s = new ArrayList<>();
        Shape in = Shape.of(BATCH, 3, 4, 4);
        s.add(sample(Resize.to(ResizeMode.NEAREST, ResizeCoordinates.HALF_PIXEL, in, Shape.of(BATCH, 3, 7, 9)),
                f32(BATCH, 3, 4, 4)));
        s.add(sample(with(Resize.to(ResizeMode.NEAREST, ResizeCoordinates.ASYMMETRIC, Shape.of(1, 2, 5),
                Shape.of(1, 2, 12)), NearestRounding.CEIL), f32(1, 2, 5)));
        s.add(sample(Resize.to(ResizeMode.LINEAR, ResizeCoordinates.ALIGN_CORNERS, Shape.of(2, 3, 4, 4),
                Shape.of(2, 3, 8, 7)), f32(2, 3, 4, 4)));
        s.add(sample(Resize.to(ResizeMode.LINEAR, ResizeCoordinates.PYTORCH_HALF_PIXEL, Shape.of(1, 2, 6, 5),
                Shape.of(1, 2, 4, 1)), f32(1, 2, 6, 5)));
        s.add(sample(new Resize(ResizeMode.CUBIC, ResizeCoordinates.HALF_PIXEL, NearestRounding.ROUND_PREFER_FLOOR,
                -0.5, true, Shape.of(1, 2, 3, 7), List.of(1.0, 1.0, 0.6, 1.4), List.of(), 0.0), f32(1, 2, 5, 5)));
        s.add(sample(new Resize(ResizeMode.LINEAR, ResizeCoordinates.TF_CROP_AND_RESIZE,
                NearestRounding.ROUND_PREFER_FLOOR, -0.75, false, Shape.of(1, 1, 3, 3),
                Resize.scalesFor(Shape.of(1, 1, 4, 4), Shape.of(1, 1, 3, 3)),
                List.of(0.0, 0.0, 0.25, -0.25, 1.0, 1.0, 0.75, 1.5), 10.0), f32(1, 1, 4, 4)));
        // By scales: 0.8 of 4 is 3.2, so the coordinates divide by 0.8, not by 3/4.
        double eight = 0.8f;
        s.add(sample(new Resize(ResizeMode.CUBIC, ResizeCoordinates.HALF_PIXEL, NearestRounding.ROUND_PREFER_FLOOR,
                -0.75, false, Shape.of(BATCH, 1, 3, 3), List.of(1.0, 1.0, eight, eight), List.of(), 0.0),
                f32(BATCH, 1, 4, 4)));
        return s;
    }

    private static Resize with(Resize r, NearestRounding n) {
        return new Resize(r.mode(), r.coordinates(), n, r.cubicA(), r.excludeOutside(), r.sizes(), r.scales(), r.roi(),
                r.extrapolation());
    }

    private static Sample sample(Op op, TensorType... inputs) {
        return new Sample(op.name(), op, List.of(inputs), false);
    }

    static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    static TensorType t(DType d, int... dims) {
        return TensorType.of(d, dims);
    }
}
