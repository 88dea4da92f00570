package kiln.codegen.cpu;

import static kiln.ir.graph.Shape.BATCH;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Gather;
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
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.passes.lower.Lowering;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One-operator graphs over odd shapes (primes, sizes no lane count divides), lowered by the compute
 * definitions, scheduled by the default scheduler and the standard loop passes, compiled and run, against the
 * interpreter running the same scheduled program: the emitter on the kernels the rest of the compiler makes.
 */
class OperatorCoverageTest {
    record Sample(String name, Op op, List<TensorType> inputs) {
    }

    private static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("conv_strided_dilated_grouped", new Conv(List.of(1, 2), List.of(1, 0), List.of(1, 2),
                List.of(1, 2), 2), List.of(f32(BATCH, 4, 11, 13), f32(6, 2, 3, 3), f32(6))));
        s.add(new Sample("conv_1d", Conv.plain(1), List.of(f32(BATCH, 3, 19), f32(5, 3, 7))));
        s.add(new Sample("conv_depthwise", new Conv(List.of(1, 1), List.of(3, 3), List.of(3, 3), List.of(1, 1), 5),
                List.of(f32(BATCH, 5, 9, 17), f32(5, 1, 7, 7), f32(5))));
        s.add(new Sample("conv_pointwise", Conv.plain(2), List.of(f32(BATCH, 7, 5, 13), f32(19, 7, 1, 1))));
        s.add(new Sample("matmul", new MatMul(), List.of(f32(BATCH, 7, 13), f32(13, 37))));
        s.add(new Sample("gemm", new Gemm(0.5, 2.0, true, false), List.of(f32(13, 3), f32(13, 17), f32(17))));
        s.add(new Sample("linear", new Linear(), List.of(f32(BATCH, 19), f32(11, 19), f32(11))));
        for (UnaryFn fn : UnaryFn.values()) {
            if (fn != UnaryFn.CONJ) {
                s.add(new Sample(fn.name().toLowerCase(java.util.Locale.ROOT), new Unary(fn), List.of(f32(BATCH, 3, 23))));
            }
        }
        for (BinaryFn fn : BinaryFn.values()) {
            s.add(new Sample(fn.name().toLowerCase(java.util.Locale.ROOT), new Binary(fn), List.of(f32(BATCH, 5, 19),
                    f32(19))));
        }
        s.add(new Sample("leaky_relu", new LeakyRelu(0.01), List.of(f32(BATCH, 37))));
        s.add(new Sample("hard_sigmoid", new HardSigmoid(1 / 6.0, 0.5), List.of(f32(BATCH, 37))));
        s.add(new Sample("clip", new Clip(-0.5, 0.25), List.of(f32(BATCH, 37))));
        s.add(new Sample("shrink", new Shrink(0.5, 0.25), List.of(f32(BATCH, 37))));
        s.add(new Sample("star_relu", new StarRelu(), List.of(f32(BATCH, 4, 19), f32(1), f32(1))));
        s.add(new Sample("batch_norm", new BatchNorm(1e-3), List.of(f32(BATCH, 3, 5, 7), f32(3), f32(3), f32(3), f32(3))));
        s.add(new Sample("layer_norm", new LayerNorm(List.of(-1), 1e-6), List.of(f32(BATCH, 5, 19), f32(19), f32(19))));
        s.add(new Sample("instance_norm", new InstanceNorm(1e-5), List.of(f32(BATCH, 3, 5, 7), f32(3), f32(3))));
        s.add(new Sample("group_norm", new GroupNorm(2, 1e-5), List.of(f32(BATCH, 4, 5, 3))));
        s.add(new Sample("avg_pool", new Pool(PoolKind.AVG, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1),
                List.of(1, 1), true, true), List.of(f32(BATCH, 3, 11, 13))));
        s.add(new Sample("max_pool", new Pool(PoolKind.MAX, List.of(2), List.of(1), List.of(0), List.of(1), List.of(2),
                false, false), List.of(f32(BATCH, 3, 23))));
        for (PoolKind kind : PoolKind.values()) {
            s.add(new Sample("global_" + kind.name().toLowerCase(java.util.Locale.ROOT), new GlobalPool(kind),
                    List.of(f32(BATCH, 3, 5, 7))));
        }
        for (ReduceKind kind : ReduceKind.values()) {
            s.add(new Sample("reduce_" + kind.name().toLowerCase(java.util.Locale.ROOT), new Reduce(kind, List.of(1, -1),
                    kind == ReduceKind.MAX), List.of(f32(BATCH, 3, 19))));
        }
        s.add(new Sample("softmax", new Softmax(-1), List.of(f32(BATCH, 3, 29))));
        s.add(new Sample("transpose", new Transpose(List.of(0, 2, 1)), List.of(f32(BATCH, 7, 19))));
        s.add(new Sample("concat", new Concat(1), List.of(f32(BATCH, 2, 17), f32(BATCH, 3, 17))));
        s.add(new Sample("slice", new Slice(List.of(1, 0), List.of(3, -1), List.of(1, 2), List.of(1, 2)),
                List.of(f32(BATCH, 4, 19))));
        s.add(new Sample("pad_reflect", new Pad(PadMode.REFLECT, List.of(0, 0, 1, 2), List.of(0, 0, 2, 1), 0.0),
                List.of(f32(BATCH, 3, 5, 7))));
        s.add(new Sample("gather", new Gather(0), List.of(f32(11, 3), TensorType.of(DType.I64, 2, 2))));
        s.add(new Sample("cast", new Cast(DType.I32), List.of(f32(BATCH, 23))));
        s.add(new Sample("rfft", new Rfft(List.of(12), FftNorm.ORTHO), List.of(f32(BATCH, 3, 12))));
        s.add(new Sample("irfft", new Irfft(List.of(4, 8), FftNorm.FORWARD), List.of(TensorType.of(DType.C64, BATCH, 4, 5))));
        return s;
    }

    @TestFactory
    Stream<DynamicTest> scheduledOperatorsMatchTheInterpreter() {
        KernelCompiler compiler = new KernelCompiler(null);
        return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> {
            GraphBuilder b = new GraphBuilder(sample.name());
            List<Value> in = new ArrayList<>();
            for (int i = 0; i < sample.inputs().size(); i++) {
                in.add(b.input("x" + i, sample.inputs().get(i)));
            }
            List<Value> out = b.addMulti("y", sample.op(), in);
            for (int k = 0; k < out.size(); k++) {
                b.output("y" + k, out.get(k));
            }
            Graph g = b.build().bindBatch(2);
            Program p = ProgramExecutionTest.schedule(Lowering.lower(g, Map.of()));
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Program.Binding bind : p.inputs()) {
                inputs.put(bind.name(), SeededRandom.uniform(bind.name(), 3, bind.type().dtype(),
                        bind.type().shape().dims(), -2, 2));
            }
            Map<String, Tensor> expected = new LoopInterpreter(VectorWidth.F32.length()).run(p, inputs);
            Map<String, Tensor> actual = CpuBackend.compile(p, StorageLayout.ownArrays(), compiler).executor().run(inputs);
            for (String name : expected.keySet()) {
                double error = error(expected.get(name), actual.get(name));
                assertTrue(error <= 1e-6, sample.name() + " output " + name + ": normwise error " + error);
            }
        }));
    }

    /** Normwise relative error over the finite values; infinite if NaNs or infinities differ in place. */
    static double error(Tensor expected, Tensor actual) {
        double diff = 0;
        double norm = 0;
        boolean complex = expected.dtype() == DType.C64;
        for (long i = 0; i < expected.size(); i++) {
            double[] e = complex ? new double[] {expected.getReal(i), expected.getImag(i)} : new double[] {expected.getDouble(i)};
            double[] a = complex ? new double[] {actual.getReal(i), actual.getImag(i)} : new double[] {actual.getDouble(i)};
            for (int j = 0; j < e.length; j++) {
                if (!Double.isFinite(e[j]) || !Double.isFinite(a[j])) {
                    if (Double.compare(e[j], a[j]) != 0) {
                        return Double.POSITIVE_INFINITY;
                    }
                    continue;
                }
                diff += (e[j] - a[j]) * (e[j] - a[j]);
                norm += e[j] * e[j];
            }
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
    }
}
