package kiln.codegen.cpu;

import static kiln.ir.graph.Shape.BATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Program;
import kiln.passes.fusion.ProgramFusion;
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
 * The depthwise schedules (a zero-padded copy of each plane, a register tile of rows × vectors with the
 * horizontal taps as broadcast weights, partial last tiles computed in full) on awkward shapes — sizes 1,
 * primes, widths no lane count divides, stride 2, asymmetric padding, dilation, kernels larger than the image,
 * one spatial dim, no padding, a fused bias, residual and ReLU — scheduled for this run's vector width,
 * compiled, and compared with the reference interpreter (normwise 1e-5) and with the Loop IR interpreter
 * running the same scheduled program (normwise 1e-6). A channel multiplier above 1 takes the outer-product
 * path and must still agree.
 */
class DepthwiseDifferentialTest {
    record Sample(String name, Conv conv, int[] input, int[] weights, boolean bias, boolean residual, boolean depthwise) {
    }

    private static Conv conv(int stride, int padBegin, int padEnd, int dilation, int groups, int rank) {
        return new Conv(List.of(stride, stride, stride).subList(0, rank), List.of(padBegin, padBegin, padBegin).subList(0, rank),
                List.of(padEnd, padEnd, padEnd).subList(0, rank), List.of(dilation, dilation, dilation).subList(0, rank), groups);
    }

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("dw3x3_bias", conv(1, 1, 1, 1, 5, 2), new int[] {5, 13, 17}, new int[] {5, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw7x7_wide", conv(1, 3, 3, 1, 3, 2), new int[] {3, 11, 29}, new int[] {3, 1, 7, 7}, false, false, true));
        s.add(new Sample("dw_stride2_asym", new Conv(List.of(2, 2), List.of(0, 1), List.of(2, 1), List.of(1, 1), 4),
                new int[] {4, 15, 14}, new int[] {4, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw_dilated", conv(1, 2, 2, 2, 3, 2), new int[] {3, 9, 23}, new int[] {3, 1, 3, 3}, false, false, true));
        s.add(new Sample("dw31_larger_than_image", conv(1, 15, 15, 1, 2, 2), new int[] {2, 7, 9}, new int[] {2, 1, 31, 31},
                true, false, true));
        s.add(new Sample("dw13_28", conv(1, 6, 6, 1, 2, 2), new int[] {2, 28, 28}, new int[] {2, 1, 13, 13}, false, false, true));
        s.add(new Sample("dw_one_row", conv(1, 2, 2, 1, 3, 2), new int[] {3, 1, 31}, new int[] {3, 1, 5, 5}, false, false, true));
        s.add(new Sample("dw_one_pixel", conv(1, 1, 1, 1, 2, 2), new int[] {2, 1, 1}, new int[] {2, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw_valid", conv(1, 0, 0, 1, 4, 2), new int[] {4, 10, 12}, new int[] {4, 1, 3, 3}, false, false, true));
        s.add(new Sample("dw_1d", conv(1, 2, 2, 1, 4, 1), new int[] {4, 37}, new int[] {4, 1, 5}, true, false, true));
        s.add(new Sample("dw_residual_relu", conv(1, 3, 3, 1, 6, 2), new int[] {6, 12, 19}, new int[] {6, 1, 7, 7}, true, true,
                true));
        // Small planes (as in OSNet), rows with a partial last vector, one-tap-wide and band kernels.
        s.add(new Sample("dw3x3_28_residual", conv(1, 1, 1, 1, 4, 2), new int[] {4, 28, 28}, new int[] {4, 1, 3, 3}, true,
                true, true));
        // Rows whose last vector is half full (14 at 4 lanes, 28 at 8, 24 at 16): stored as a half-width vector.
        s.add(new Sample("dw3x3_14", conv(1, 1, 1, 1, 2, 2), new int[] {2, 6, 14}, new int[] {2, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw5x5_24", conv(1, 2, 2, 1, 2, 2), new int[] {2, 7, 24}, new int[] {2, 1, 5, 5}, false, true, true));
        s.add(new Sample("dw3x3_16x8", conv(1, 1, 1, 1, 3, 2), new int[] {3, 16, 8}, new int[] {3, 1, 3, 3}, false, false, true));
        s.add(new Sample("dw3x3_32x16", conv(1, 1, 1, 1, 2, 2), new int[] {2, 32, 16}, new int[] {2, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw3x3_prime_narrow", conv(1, 1, 1, 1, 3, 2), new int[] {3, 7, 5}, new int[] {3, 1, 3, 3}, false, false,
                true));
        s.add(new Sample("dw3x3_asym", new Conv(List.of(1, 1), List.of(0, 2), List.of(2, 0), List.of(1, 1), 3),
                new int[] {3, 11, 19}, new int[] {3, 1, 3, 3}, true, false, true));
        s.add(new Sample("dw3x3_dilated_stride2", new Conv(List.of(2, 2), List.of(2, 2), List.of(2, 2), List.of(2, 2), 2),
                new int[] {2, 13, 27}, new int[] {2, 1, 3, 3}, false, false, true));
        s.add(new Sample("dw1x3", new Conv(List.of(1, 1), List.of(0, 1), List.of(0, 1), List.of(1, 1), 3),
                new int[] {3, 5, 23}, new int[] {3, 1, 1, 3}, true, false, true));
        s.add(new Sample("dw3x1", new Conv(List.of(1, 1), List.of(1, 0), List.of(1, 0), List.of(1, 1), 3),
                new int[] {3, 9, 13}, new int[] {3, 1, 3, 1}, false, false, true));
        s.add(new Sample("dw11x1_band", new Conv(List.of(1, 1), List.of(5, 0), List.of(5, 0), List.of(1, 1), 2),
                new int[] {2, 14, 14}, new int[] {2, 1, 11, 1}, true, false, true));
        s.add(new Sample("dw1x11_band", new Conv(List.of(1, 1), List.of(0, 5), List.of(0, 5), List.of(1, 1), 2),
                new int[] {2, 14, 14}, new int[] {2, 1, 1, 11}, true, false, true));
        s.add(new Sample("multiplier2", conv(1, 1, 1, 1, 3, 2), new int[] {3, 9, 10}, new int[] {6, 1, 3, 3}, true, false, false));
        return s;
    }

    @TestFactory
    Stream<DynamicTest> depthwiseSchedulesMatchTheReference() {
        KernelCompiler compiler = new KernelCompiler(null);
        Target target = Target.of(VectorWidth.BITS);
        return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> {
            GraphBuilder b = new GraphBuilder(sample.name());
            int[] in = new int[sample.input().length + 1];
            in[0] = BATCH;
            System.arraycopy(sample.input(), 0, in, 1, sample.input().length);
            Value x = b.input("x", TensorType.of(DType.F32, in));
            Map<String, Tensor> weights = new LinkedHashMap<>();
            List<Value> args = new ArrayList<>(List.of(x, b.param("w", TensorType.of(DType.F32, sample.weights()))));
            weights.put("w", SeededRandom.uniform("w", 5, DType.F32, sample.weights(), -1, 1));
            if (sample.bias()) {
                int[] bs = {sample.weights()[0]};
                args.add(b.param("b", TensorType.of(DType.F32, bs)));
                weights.put("b", SeededRandom.uniform("b", 5, DType.F32, bs, -1, 1));
            }
            Value y = b.add(sample.conv(), args.toArray(Value[]::new));
            if (sample.residual()) {
                y = b.add(new Unary(UnaryFn.RELU), b.add(new Binary(BinaryFn.ADD), y, x));
            }
            b.output("y", y);
            Graph g = b.build().bindBatch(2);
            Program lowered = ProgramFusion.fuse(Lowering.lower(g, weights));
            assertEquals(1, lowered.calls().size(), sample.name() + ": the epilogue is not fused");
            Program scheduled = ProgramScheduler.run(lowered, target);
            String text = LoopPrinter.print(scheduled);
            assertEquals(sample.depthwise(), !text.contains("_packed"), sample.name() + ": wrong path\n" + text);
            int last = sample.conv().padsBegin().size() - 1;
            boolean padded = sample.conv().padsBegin().stream().anyMatch(v -> v > 0)
                    || sample.conv().padsEnd().stream().anyMatch(v -> v > 0);
            // (Rows shorter than 4 elements are not worth vectors: the general path takes them.)
            boolean wide = sample.input()[sample.input().length - 1] >= 4;
            // (A kernel one row high reads rows the plane loop does not bind alone, and one column wide has only
            // row guards, the same for every lane: no copy is made for them.)
            boolean oneRow = last > 0 && sample.weights()[sample.weights().length - 2] == 1;
            boolean oneColumn = sample.weights()[sample.weights().length - 1] == 1;
            assertTrue(!sample.depthwise() || !padded || !wide || oneRow || oneColumn || text.contains("x_pad"),
                    sample.name() + ": no padded copy\n" + text);
            OuterProductDifferentialTest.checkScheduled(sample.name(), g, weights, scheduled, compiler);
        }));
    }
}
