package kiln.codegen.cpu;

import static kiln.ir.graph.Shape.BATCH;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.schedule.ProgramScheduler;
import kiln.passes.schedule.Target;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The GEMM-style schedules (packed weights, register tiles of output channels or columns, guard-free interiors
 * split from borders) on awkward shapes — sizes 1, primes, sizes no lane count divides, strides, dilations,
 * groups, asymmetric padding — scheduled for this run's vector width with weights packed at compile time,
 * compiled, and compared with the reference interpreter (normwise 1e-5) and with the Loop IR interpreter
 * running the same scheduled program (normwise 1e-6: the same order of operations, fma contraction aside).
 */
class OuterProductDifferentialTest {
    record Sample(String name, Op op, List<TensorType> inputs) {
    }

    private static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("conv3x3_pad", new Conv(List.of(1, 1), List.of(1, 1), List.of(1, 1), List.of(1, 1), 1),
                List.of(f32(BATCH, 5, 13, 17), f32(19, 5, 3, 3), f32(19))));
        s.add(new Sample("conv1x1", Conv.plain(2), List.of(f32(BATCH, 7, 5, 11), f32(29, 7, 1, 1))));
        s.add(new Sample("conv_stride2_asym", new Conv(List.of(2, 2), List.of(0, 1), List.of(2, 1), List.of(1, 1), 1),
                List.of(f32(BATCH, 3, 15, 14), f32(11, 3, 3, 3))));
        s.add(new Sample("conv_dilated", new Conv(List.of(1, 1), List.of(2, 2), List.of(2, 2), List.of(2, 2), 1),
                List.of(f32(BATCH, 4, 9, 23), f32(17, 4, 3, 3), f32(17))));
        s.add(new Sample("conv_grouped", new Conv(List.of(1, 1), List.of(1, 0), List.of(1, 2), List.of(1, 1), 2),
                List.of(f32(BATCH, 6, 7, 9), f32(26, 3, 3, 3))));
        s.add(new Sample("conv_one_channel", new Conv(List.of(1, 1), List.of(2, 2), List.of(2, 2), List.of(1, 1), 1),
                List.of(f32(BATCH, 1, 1, 31), f32(1, 1, 5, 5))));
        s.add(new Sample("conv_1d", new Conv(List.of(1), List.of(3), List.of(0), List.of(1), 1),
                List.of(f32(BATCH, 3, 37), f32(41, 3, 4))));
        s.add(new Sample("matmul_primes", new MatMul(), List.of(f32(BATCH, 13, 37), f32(37, 41))));
        s.add(new Sample("matmul_wide", new MatMul(), List.of(f32(7, 64), f32(64, 67))));
        s.add(new Sample("linear", new Linear(), List.of(f32(BATCH, 23), f32(43, 23), f32(43))));
        // Tiles of 5 rows sliding over 11 and 13 columns (partial row tiles beside both borders).
        s.add(new Sample("conv3x3_rows_of_11", new Conv(List.of(1, 1), List.of(1, 1), List.of(1, 1), List.of(1, 1), 1),
                List.of(f32(BATCH, 16, 7, 11), f32(16, 16, 3, 3), f32(16))));
        s.add(new Sample("conv3x3_stride2_pad1", new Conv(List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1), 1),
                List.of(f32(BATCH, 8, 15, 13), f32(24, 8, 3, 3))));
        // Power-of-two row tiles over consecutive pixels: 4 into 12 and into a partial tile of 3.
        s.add(new Sample("conv1x1_wide_rows", Conv.plain(2), List.of(f32(BATCH, 9, 3, 15), f32(32, 9, 1, 1))));
        // Rows 1024 floats apart (3 rows a tile) with partial row tiles and panels: row tiles run in parallel.
        s.add(new Sample("matmul_same_set_rows", new MatMul(), List.of(f32(7, 1024), f32(1024, 20))));
        s.add(new Sample("matmul_partial_both", new MatMul(), List.of(f32(BATCH, 11, 23), f32(23, 40))));
        // Packed broadcast weights, vectors of pixels: output channels no tile height divides, pixels no lane
        // count divides (5 × 11 = 55 flattened), with a bias epilogue; a staged input panel (channels 40 × 64
        // floats apart) with a partial last panel; one pixel row; a valid 3×3 convolution (no padding guards).
        s.add(new Sample("conv1x1_pixels_55", Conv.plain(2), List.of(f32(BATCH, 7, 5, 11), f32(13, 7, 1, 1), f32(13))));
        s.add(new Sample("conv1x1_staged", Conv.plain(2), List.of(f32(BATCH, 40, 8, 9), f32(19, 40, 1, 1))));
        s.add(new Sample("conv1x1_one_row", Conv.plain(2), List.of(f32(BATCH, 3, 1, 29), f32(6, 3, 1, 1), f32(6))));
        s.add(new Sample("conv3x3_valid", new Conv(List.of(1, 1), List.of(0, 0), List.of(0, 0), List.of(1, 1), 1),
                List.of(f32(BATCH, 5, 9, 21), f32(11, 5, 3, 3))));
        s.add(new Sample("conv1x1_stride2", new Conv(List.of(2, 2), List.of(0, 0), List.of(0, 0), List.of(1, 1), 1),
                List.of(f32(BATCH, 6, 9, 13), f32(10, 6, 1, 1))));
        return s;
    }

    @TestFactory
    Stream<DynamicTest> packedTiledSchedulesMatchTheReference() {
        KernelCompiler compiler = new KernelCompiler(null);
        Target target = Target.of(VectorWidth.BITS);
        return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> {
            GraphBuilder b = new GraphBuilder(sample.name());
            Value x = b.input("x", sample.inputs().getFirst());
            List<Value> in = new ArrayList<>(List.of(x));
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (int i = 1; i < sample.inputs().size(); i++) {
                String name = "w" + i;
                in.add(b.param(name, sample.inputs().get(i)));
                weights.put(name, SeededRandom.uniform(name, 5, DType.F32, sample.inputs().get(i).shape().dims(), -1, 1));
            }
            b.output("y", b.add(sample.op(), in.toArray(Value[]::new)));
            Graph g = b.build().bindBatch(2);
            Program scheduled = ProgramScheduler.run(Lowering.lower(g, weights), target);
            boolean packed = scheduled.storage().stream().anyMatch(st -> st.name().endsWith("_packed"));
            assertTrue(packed || sample.name().startsWith("conv_one"), sample.name() + ": no weights were packed");
            checkScheduled(sample.name(), g, weights, scheduled, compiler);
        }));
    }

    /**
     * Runs the loop passes (verified) on a scheduled program of {@code g}, then checks its generated code against
     * the reference interpreter (normwise error 1e-5) and the Loop IR interpreter (1e-6) on random inputs.
     */
    static void checkScheduled(String name, Graph g, Map<String, Tensor> weights, Program scheduled,
            KernelCompiler compiler) {
        List<Program.Call> calls = scheduled.calls().stream()
                .map(c -> new Program.Call(LoopPipeline.STANDARD.runVerified(c.kernel()), c.args())).toList();
        Program p = new Program(scheduled.name(), scheduled.storage(), calls, scheduled.inputs(), scheduled.outputs());
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Program.Binding bind : p.inputs()) {
            inputs.put(bind.name(), SeededRandom.uniform(bind.name(), 3, bind.type().dtype(),
                    bind.type().shape().dims(), -2, 2));
        }
        Map<String, Tensor> reference = ReferenceInterpreter.run(g, weights, inputs);
        Map<String, Tensor> interpreted = new LoopInterpreter(VectorWidth.F32.length()).run(p, inputs);
        Map<String, Tensor> actual = CpuBackend.compile(p, StorageLayout.ownArrays(), compiler).executor().run(inputs);
        for (String out : reference.keySet()) {
            double error = OperatorCoverageTest.error(reference.get(out), actual.get(out));
            assertTrue(error <= 1e-5, name + " against the reference: normwise error " + error);
            double same = OperatorCoverageTest.error(interpreted.get(out), actual.get(out));
            assertTrue(same <= 1e-6, name + " against the interpreter: normwise error " + same);
        }
    }
}
