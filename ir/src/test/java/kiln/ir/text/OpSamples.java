package kiln.ir.text;

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
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
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
import kiln.ir.graph.Value;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * One or more well-typed uses of every op and of every value of a name-implied kind ({@code relu},
 * {@code max_pool}, {@code reduce_min}, {@code imag}, ...), with attributes away from their defaults.
 */
final class OpSamples {
    record Sample(Op op, List<TensorType> inputs) {
    }

    private OpSamples() {
    }

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        s.add(sample(new Constant(Tensor.ofFloats(new int[] {2, 2}, 1, -0.0f, Float.NaN, 3.5e-42f))));
        s.add(sample(new Constant(Tensor.of(DType.C64, new int[] {2}, 1, 2, -3, Double.POSITIVE_INFINITY))));
        s.add(sample(new Conv(List.of(1, 2), List.of(1, 0), List.of(1, 2), List.of(1, 2), 2), f32(BATCH, 4, 8, 8),
                f32(8, 2, 3, 3), f32(8)));
        s.add(sample(Conv.plain(1), f32(BATCH, 3, 16), f32(5, 3, 7)));
        s.add(sample(new MatMul(), f32(BATCH, 3, 4), f32(4, 5)));
        s.add(sample(new Gemm(0.5, 2.0, true, false), f32(4, 3), f32(4, 5), f32(5)));
        s.add(sample(new Linear(), f32(BATCH, 6), f32(3, 6), f32(3)));
        for (UnaryFn fn : UnaryFn.values()) {
            s.add(fn == UnaryFn.CONJ ? sample(new Unary(fn), t(DType.C64, 2, 3)) : sample(new Unary(fn), f32(BATCH, 3)));
        }
        for (BinaryFn fn : BinaryFn.values()) {
            s.add(sample(new Binary(fn), f32(BATCH, 3), f32(3)));
        }
        s.add(sample(new LeakyRelu(0.01), f32(BATCH, 3)));
        s.add(sample(new HardSigmoid(1 / 6.0, 0.5), f32(BATCH, 3)));
        s.add(sample(new Clip(-1.0, 6.0), f32(BATCH, 3)));
        s.add(sample(new Clip(Double.NEGATIVE_INFINITY, 0.0), t(DType.I32, 3)));
        s.add(sample(new Shrink(0.5, 0.25), f32(BATCH, 3)));
        s.add(sample(new StarRelu(), f32(BATCH, 4), f32(1), f32(1)));
        s.add(sample(new BatchNorm(1e-3), f32(BATCH, 3, 4, 4), f32(3), f32(3), f32(3), f32(3)));
        s.add(sample(new LayerNorm(List.of(-1), 1e-6), f32(BATCH, 5, 6), f32(6), f32(6)));
        s.add(sample(new InstanceNorm(0.0), f32(BATCH, 3, 4, 4), f32(3), f32(3)));
        s.add(sample(new GroupNorm(2, 1e-5), f32(BATCH, 4, 4, 4)));
        s.add(sample(new Pool(PoolKind.AVG, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1),
                true, true), f32(BATCH, 3, 8, 8)));
        s.add(sample(new Pool(PoolKind.MAX, List.of(2), List.of(1), List.of(0), List.of(1), List.of(2), false, false),
                f32(BATCH, 3, 9)));
        for (PoolKind kind : PoolKind.values()) {
            s.add(sample(new GlobalPool(kind), f32(BATCH, 3, 4, 4)));
        }
        for (ReduceKind kind : ReduceKind.values()) {
            s.add(sample(new Reduce(kind, List.of(1, -1), kind == ReduceKind.MAX), f32(BATCH, 3, 4)));
        }
        s.add(sample(new Softmax(-1), f32(BATCH, 10)));
        s.add(sample(new Reshape(Shape.of(BATCH, 12)), f32(BATCH, 3, 4)));
        s.add(sample(new Flatten(1), f32(BATCH, 3, 4)));
        s.add(sample(new Transpose(List.of(0, 2, 1)), f32(BATCH, 3, 4)));
        s.add(sample(new Squeeze(List.of(1)), f32(BATCH, 1, 4)));
        s.add(sample(new Unsqueeze(List.of(0, 3)), f32(BATCH, 4)));
        s.add(sample(new Split(1, List.of(1, 2)), f32(BATCH, 3, 4)));
        s.add(sample(new Concat(1), f32(BATCH, 2, 4), f32(BATCH, 3, 4)));
        s.add(sample(new Slice(List.of(1, 0), List.of(3, -1), List.of(1, 2), List.of(1, 2)), f32(BATCH, 4, 6)));
        s.add(sample(new Pad(PadMode.REFLECT, List.of(0, 0, 1, 2), List.of(0, 0, 2, 1), 0.0), f32(BATCH, 3, 5, 5)));
        s.add(sample(new Pad(PadMode.CONSTANT, List.of(1), List.of(-1), -2.5), t(DType.I64, 4)));
        s.add(sample(new Gather(0), f32(5, 3), t(DType.I64, 2, 2)));
        s.add(sample(new Cast(DType.F64), f32(BATCH, 3)));
        s.add(sample(new Rfft(List.of(8), FftNorm.ORTHO), f32(BATCH, 8)));
        s.add(sample(new Irfft(List.of(4, 8), FftNorm.FORWARD), t(DType.C64, BATCH, 4, 5)));
        s.add(sample(new ComplexPart(false), t(DType.C64, BATCH, 5)));
        s.add(sample(new ComplexPart(true), t(DType.C64, BATCH, 5)));
        s.add(sample(new MakeComplex(), f32(BATCH, 5), f32(5)));
        for (CompareFn fn : CompareFn.values()) {
            s.add(sample(new Compare(fn), f32(BATCH, 3), f32(3)));
        }
        s.add(sample(new Compare(CompareFn.NOT_EQUAL), t(DType.BOOL, 2), t(DType.BOOL, 1)));
        s.add(sample(new Where(), t(DType.BOOL, BATCH, 1), f32(BATCH, 3), f32(3)));
        s.add(sample(new GatherElements(-1), f32(BATCH, 4), t(DType.I32, BATCH, 6)));
        s.add(sample(new Resize(ResizeMode.CUBIC, ResizeCoordinates.ALIGN_CORNERS, NearestRounding.CEIL, -0.5, true,
                Shape.of(BATCH, 3, 7, 9), List.of(1.0, 1.0, 1.75, 2.25), List.of(), 0.0), f32(BATCH, 3, 4, 4)));
        s.add(sample(new Resize(ResizeMode.NEAREST, ResizeCoordinates.TF_CROP_AND_RESIZE,
                NearestRounding.ROUND_PREFER_CEIL, -0.75, false, Shape.of(2, 3), List.of(1.0, 1.5),
                List.of(0.0, 0.25, 1.0, 0.75), -1.5), t(DType.I64, 2, 2)));
        return s;
    }

    /**
     * One graph holding every sample: each sample's inputs are graph inputs (the first) and parameters (the
     * rest), and each result is an output.
     */
    static Graph everyOpGraph() {
        GraphBuilder b = new GraphBuilder("every_op");
        int i = 0;
        for (Sample s : all()) {
            List<Value> in = new ArrayList<>();
            for (int j = 0; j < s.inputs().size(); j++) {
                String name = s.op().name() + i + (j == 0 ? ".x" : ".p" + j);
                in.add(j == 0 ? b.input(name, s.inputs().get(j)) : b.param(name, s.inputs().get(j)));
            }
            List<Value> out = b.addMulti(s.op().name(), s.op(), in);
            for (int k = 0; k < out.size(); k++) {
                b.output("y" + i + "_" + k, out.get(k));
            }
            i++;
        }
        return b.build();
    }

    /** A graph of just one sample. */
    static Graph graphOf(Sample s) {
        GraphBuilder b = new GraphBuilder("sample");
        List<Value> in = new ArrayList<>();
        for (int j = 0; j < s.inputs().size(); j++) {
            in.add(b.input("x" + j, s.inputs().get(j)));
        }
        List<Value> out = b.addMulti("y", s.op(), in);
        for (int k = 0; k < out.size(); k++) {
            b.output("y" + k, out.get(k));
        }
        return b.build();
    }

    private static Sample sample(Op op, TensorType... inputs) {
        return new Sample(op, List.of(inputs));
    }

    static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    static TensorType t(DType d, int... dims) {
        return TensorType.of(d, dims);
    }
}
