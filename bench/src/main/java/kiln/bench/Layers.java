package kiln.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Conv;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;

/** The single-layer workloads: one-op graphs (input {@code x}, weight {@code w}, output {@code y}), batch 1, f32. */
final class Layers {
    private Layers() {
    }

    static List<Workload> all() {
        List<Workload> w = new ArrayList<>();
        w.add(conv("conv1x1_256_56", 256, 256, 56, 1, 1, 1));
        w.add(conv("conv3x3_64_56", 64, 64, 56, 3, 1, 1));
        w.add(conv("conv3x3s2_128_28", 128, 128, 28, 3, 2, 1));
        for (int k : new int[] {3, 7, 13, 31}) {
            w.add(conv("dw" + k + "_384_28", 384, 384, 28, k, 1, 384));
            w.add(conv("dw" + k + "_96_56", 96, 96, 56, k, 1, 96));
        }
        w.add(matmul("matmul_1024", 1024, 1024, 1024));
        return w;
    }

    /** A k×k convolution of {@code c} to {@code o} channels at hw×hw, padding k/2, no bias. */
    static Workload conv(String name, int c, int o, int hw, int k, int stride, int groups) {
        int pad = k / 2;
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("x", TensorType.of(DType.F32, 1, c, hw, hw));
        int[] wShape = {o, c / groups, k, k};
        Value w = b.param("w", TensorType.of(DType.F32, wShape));
        b.output("y", b.add(new Conv(List.of(stride, stride), List.of(pad, pad), List.of(pad, pad), List.of(1, 1),
                groups), x, w));
        return Workload.ofGraph(name, b.build(), Map.of("w", weight(wShape)));
    }

    /** y[m×n] = x[m×k] · w[k×n]. */
    static Workload matmul(String name, int m, int k, int n) {
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("x", TensorType.of(DType.F32, m, k));
        int[] wShape = {k, n};
        Value w = b.param("w", TensorType.of(DType.F32, wShape));
        b.output("y", b.add(new MatMul(), x, w));
        return Workload.ofGraph(name, b.build(), Map.of("w", weight(wShape)));
    }

    private static Tensor weight(int[] shape) {
        return SeededRandom.uniform("w", 7, DType.F32, shape, -0.1, 0.1);
    }
}
