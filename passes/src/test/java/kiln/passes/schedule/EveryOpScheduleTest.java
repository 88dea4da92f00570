package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
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
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.graph.Where;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Program;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The default scheduler on the kernels of every operator's compute definition, at sizes that are not
 * multiples of the lane count: the scheduled program computes what the naive one does bit for bit at every
 * lane count, and within 1e-5 after the loop passes.
 */
class EveryOpScheduleTest {

    record Case(String name, Op op, List<TensorType> inputs) {
    }

    static List<Case> cases() {
        List<Case> s = new ArrayList<>();
        s.add(c(new Conv(List.of(1, 2), List.of(1, 0), List.of(1, 2), List.of(1, 2), 2), f32(2, 4, 9, 11), f32(6, 2, 3, 3),
                f32(6)));
        s.add(c(Conv.plain(1), f32(2, 3, 19), f32(5, 3, 7)));
        s.add(c(new MatMul(), f32(2, 5, 9), f32(9, 21)));
        s.add(c(new Gemm(0.5, 2.0, true, false), f32(9, 6), f32(9, 17), f32(17)));
        s.add(c(new Linear(), f32(5, 13), f32(7, 13), f32(7)));
        for (UnaryFn fn : UnaryFn.values()) {
            s.add(fn == UnaryFn.CONJ ? c(new Unary(fn), t(DType.C64, 3, 7)) : c(new Unary(fn), f32(3, 19)));
        }
        for (BinaryFn fn : BinaryFn.values()) {
            s.add(c(new Binary(fn), f32(3, 5, 19), f32(5, 1)));
        }
        s.add(c(new LeakyRelu(0.01), f32(2, 23)));
        s.add(c(new HardSigmoid(1 / 6.0, 0.5), f32(2, 23)));
        s.add(c(new Clip(-1.0, 6.0), f32(2, 23)));
        s.add(c(new Clip(Double.NEGATIVE_INFINITY, 0.0), t(DType.I32, 29)));
        s.add(c(new Shrink(0.5, 0.25), f32(2, 23)));
        s.add(c(new StarRelu(), f32(2, 23), f32(1), f32(1)));
        s.add(c(new BatchNorm(1e-3), f32(2, 3, 5, 7), f32(3), f32(3), f32(3), f32(3)));
        s.add(c(new LayerNorm(List.of(-1), 1e-6), f32(2, 5, 19), f32(19), f32(19)));
        s.add(c(new InstanceNorm(0.0), f32(2, 3, 5, 7), f32(3), f32(3)));
        s.add(c(new GroupNorm(2, 1e-5), f32(2, 4, 5, 7)));
        s.add(c(new Pool(PoolKind.AVG, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1), true,
                true), f32(2, 3, 11, 13)));
        s.add(c(new Pool(PoolKind.MAX, List.of(2), List.of(1), List.of(0), List.of(1), List.of(2), false, false),
                f32(2, 3, 17)));
        for (PoolKind kind : PoolKind.values()) {
            s.add(c(new GlobalPool(kind), f32(2, 3, 5, 7)));
        }
        for (ReduceKind kind : ReduceKind.values()) {
            s.add(c(new Reduce(kind, List.of(1, -1), kind == ReduceKind.MAX), f32(2, 3, 17)));
        }
        s.add(c(new Softmax(-1), f32(3, 21)));
        s.add(c(new Transpose(List.of(0, 2, 1)), f32(2, 3, 19)));
        s.add(c(new Split(1, List.of(1, 2)), f32(2, 3, 19)));
        s.add(c(new Concat(1), f32(2, 2, 19), f32(2, 3, 19)));
        s.add(c(new Slice(List.of(1, 0), List.of(3, -1), List.of(1, 2), List.of(1, 2)), f32(2, 4, 21)));
        s.add(c(new Pad(PadMode.REFLECT, List.of(0, 0, 1, 2), List.of(0, 0, 2, 1), 0.0), f32(2, 3, 5, 17)));
        s.add(c(new Pad(PadMode.CONSTANT, List.of(1), List.of(-1), -2.5), t(DType.I64, 19)));
        s.add(c(new Gather(0), f32(5, 19), t(DType.I64, 2, 3)));
        s.add(c(new Cast(DType.F64), f32(2, 19)));
        s.add(c(new Cast(DType.I32), f32(2, 19)));
        s.add(c(new Rfft(List.of(8), FftNorm.ORTHO), f32(2, 8)));
        s.add(c(new Irfft(List.of(4, 8), FftNorm.FORWARD), t(DType.C64, 2, 4, 5)));
        s.add(c(new ComplexPart(false), t(DType.C64, 2, 19)));
        s.add(c(new MakeComplex(), f32(2, 19), f32(19)));
        for (CompareFn fn : CompareFn.values()) {
            s.add(c(new Compare(fn), f32(3, 5, 19), f32(5, 1)));
        }
        s.add(c(new Where(), t(DType.BOOL, 5, 19), f32(3, 5, 19), f32(19)));
        s.add(c(new Where(), t(DType.BOOL, 2, 19), t(DType.C64, 2, 19), t(DType.C64, 19)));
        s.add(c(new GatherElements(1), f32(3, 7, 19), t(DType.I64, 3, 5, 19)));
        s.add(c(Resize.to(ResizeMode.NEAREST, ResizeCoordinates.HALF_PIXEL, Shape.of(2, 3, 5, 7),
                Shape.of(2, 3, 11, 13)), f32(2, 3, 5, 7)));
        s.add(c(Resize.to(ResizeMode.LINEAR, ResizeCoordinates.ALIGN_CORNERS, Shape.of(2, 3, 9, 11),
                Shape.of(2, 3, 17, 23)), f32(2, 3, 9, 11)));
        s.add(c(Resize.to(ResizeMode.CUBIC, ResizeCoordinates.HALF_PIXEL, Shape.of(1, 2, 5, 7), Shape.of(1, 2, 9, 19)),
                f32(1, 2, 5, 7)));
        s.add(c(new Resize(ResizeMode.LINEAR, ResizeCoordinates.TF_CROP_AND_RESIZE, NearestRounding.FLOOR, -0.75, false,
                Shape.of(2, 17), List.of(1.0, 17 / 7.0), List.of(0.0, -0.25, 1.0, 1.25), 3.5), f32(2, 7)));
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everyOp() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    private static void check(Case k) {
        GraphBuilder b = new GraphBuilder(k.op().name());
        List<Value> in = new ArrayList<>();
        for (int j = 0; j < k.inputs().size(); j++) {
            in.add(b.input("x" + j, k.inputs().get(j)));
        }
        List<Value> out = b.addMulti("y", k.op(), in);
        for (int j = 0; j < out.size(); j++) {
            b.output("y" + j, out.get(j));
        }
        Graph g = b.build();
        Program naive = Lowering.lower(g, Weights.initial(g));
        Program scheduled = map(naive, kernel -> {
            Kernel s = DefaultScheduler.apply(kernel);
            LoopVerifier.verify(s);
            return s;
        });
        Program passed = map(scheduled, LoopPipeline.STANDARD::runVerified);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Random r = new Random(k.name().hashCode());
        for (int j = 0; j < k.inputs().size(); j++) {
            inputs.put("x" + j, random(k.inputs().get(j), r));
        }
        for (int lanes : Runs.LANES) {
            LoopInterpreter interp = new LoopInterpreter(lanes);
            Map<String, Tensor> want = interp.run(naive, inputs);
            Map<String, Tensor> got = interp.run(scheduled, inputs);
            Map<String, Tensor> close = interp.run(passed, inputs);
            for (String name : want.keySet()) {
                byte[] w = want.get(name).data().toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(w, got.get(name).data().toArray(ValueLayout.JAVA_BYTE),
                        k.name() + ": scheduled output " + name + " differs at f32 lanes " + lanes);
                assertClose(want.get(name), close.get(name), k.name() + " after loop passes, lanes " + lanes);
            }
        }
    }

    private static void assertClose(Tensor want, Tensor got, String what) {
        DType d = want.dtype();
        if (d != DType.F32 && d != DType.F64 && d != DType.C64) {
            assertArrayEquals(want.data().toArray(ValueLayout.JAVA_BYTE), got.data().toArray(ValueLayout.JAVA_BYTE), what);
            return;
        }
        double[] w = d == DType.F64 ? want.data().toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED) : floats(want);
        double[] g = d == DType.F64 ? got.data().toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED) : floats(got);
        double num = 0;
        double den = 0;
        for (int i = 0; i < w.length; i++) {
            if (Double.isNaN(w[i]) || Double.isInfinite(w[i])) {
                assertTrue(Double.compare(w[i], g[i]) == 0, what + ": element " + i);
                continue;
            }
            num += (w[i] - g[i]) * (w[i] - g[i]);
            den += w[i] * w[i];
        }
        assertTrue(Math.sqrt(num) <= 1e-5 * Math.sqrt(den) + 1e-30, what + ": error " + Math.sqrt(num / den));
    }

    private static double[] floats(Tensor t) {
        float[] f = t.data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static Tensor random(TensorType type, Random r) {
        Tensor t = Tensor.zeros(type.dtype(), type.shape().dims());
        for (long i = 0; i < t.size(); i++) {
            switch (type.dtype()) {
                case F32, F64 -> t.setDouble(i, r.nextGaussian());
                case C64 -> t.setComplex(i, r.nextGaussian(), r.nextGaussian());
                case I64, I32, I8 -> t.setLong(i, r.nextInt(3));
                case BOOL -> t.setLong(i, r.nextInt(2));
            }
        }
        return t;
    }

    private static Program map(Program p, UnaryOperator<Kernel> f) {
        Map<Kernel, Kernel> done = new IdentityHashMap<>();
        List<Program.Call> calls = new ArrayList<>();
        for (Program.Call c : p.calls()) {
            calls.add(new Program.Call(done.computeIfAbsent(c.kernel(), f), c.args()));
        }
        return new Program(p.name(), p.storage(), calls, p.inputs(), p.outputs());
    }

    private static Case c(Op op, TensorType... inputs) {
        return new Case(op.name() + List.of(inputs).stream().map(TensorType::toString).toList(), op, List.of(inputs));
    }

    private static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    private static TensorType t(DType d, int... dims) {
        return TensorType.of(d, dims);
    }
}
