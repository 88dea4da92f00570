package kiln.passes.lower;

import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.runtime.DType;

/** Small whole models used by the lowering and memory planning tests. */
public final class GraphFixtures {
    private GraphFixtures() {
    }

    private static Conv conv(int k, int stride, int pad, int groups) {
        return new Conv(List.of(stride, stride), List.of(pad, pad), List.of(pad, pad), List.of(1, 1), groups);
    }

    /** conv-bn-relu, max pool, depthwise conv, hard-swish, pointwise conv, global pool, linear, softmax. */
    public static Graph smallConvnet() {
        GraphBuilder b = new GraphBuilder("small_convnet");
        Value x = b.input("x", TensorType.of(DType.F32, 2, 3, 17, 17));
        Value w1 = b.param("stem.weight", TensorType.of(DType.F32, 8, 3, 3, 3));
        Value b1 = b.param("stem.bias", TensorType.of(DType.F32, 8));
        Value h = b.add(conv(3, 2, 1, 1), x, w1, b1);
        h = b.add(new BatchNorm(1e-5), h, b.param("bn.scale", TensorType.of(DType.F32, 8)),
                b.param("bn.bias", TensorType.of(DType.F32, 8)), b.param("bn.mean", TensorType.of(DType.F32, 8)),
                b.param("bn.var", TensorType.of(DType.F32, 8)));
        h = b.add(new Unary(UnaryFn.RELU), h);
        h = b.add(new Pool(PoolKind.MAX, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1), true,
                false), h);
        h = b.add(conv(3, 1, 1, 8), h, b.param("dw.weight", TensorType.of(DType.F32, 8, 1, 3, 3)));
        h = b.add(new Unary(UnaryFn.HARD_SWISH), h);
        h = b.add(conv(1, 1, 0, 1), h, b.param("pw.weight", TensorType.of(DType.F32, 16, 8, 1, 1)));
        h = b.add(new GlobalPool(PoolKind.AVG), h);
        h = b.add(new Flatten(1), h);
        h = b.add(new Linear(), h, b.param("fc.weight", TensorType.of(DType.F32, 10, 16)),
                b.param("fc.bias", TensorType.of(DType.F32, 10)));
        b.output("probs", b.add(new Softmax(-1), h));
        return b.build();
    }

    /** 1×1 conv, GELU, depthwise 7×7, channels-first layer norm, 1×1 conv, residual add (a ConvNeXt-like block). */
    public static Graph residualBlock() {
        GraphBuilder b = new GraphBuilder("residual_block");
        Value x = b.input("x", TensorType.of(DType.F32, 1, 6, 11, 11));
        Value h = b.add(conv(1, 1, 0, 1), x, b.param("pw1.weight", TensorType.of(DType.F32, 12, 6, 1, 1)),
                b.param("pw1.bias", TensorType.of(DType.F32, 12)));
        h = b.add(new Unary(UnaryFn.GELU), h);
        h = b.add(conv(7, 1, 3, 12), h, b.param("dw.weight", TensorType.of(DType.F32, 12, 1, 7, 7)));
        h = b.add(new LayerNorm(List.of(1), 1e-6), h, b.param("ln.weight", TensorType.of(DType.F32, 12, 1, 1)),
                b.param("ln.bias", TensorType.of(DType.F32, 12, 1, 1)));
        h = b.add(conv(1, 1, 0, 1), h, b.param("pw2.weight", TensorType.of(DType.F32, 6, 12, 1, 1)));
        Value y = b.add(new Binary(BinaryFn.ADD), h, x);
        b.output("y", y);
        b.output("y_flat", b.add(new Reshape(Shape.of(6, 121)), y));
        return b.build();
    }

    /** A long causal convolution through the frequency domain: rfft, complex product, irfft, crop. */
    public static Graph fftConvolution() {
        GraphBuilder b = new GraphBuilder("fft_conv");
        Value x = b.input("x", TensorType.of(DType.F32, 1, 4, 24));
        Value spectrum = b.add(new Rfft(List.of(48), FftNorm.BACKWARD), x);
        Value filter = b.add(new MakeComplex(), b.param("filter.re", TensorType.of(DType.F32, 4, 25)),
                b.param("filter.im", TensorType.of(DType.F32, 4, 25)));
        Value product = b.add(new Binary(BinaryFn.MUL), spectrum, filter);
        Value back = b.add(new Irfft(List.of(48), FftNorm.BACKWARD), product);
        b.output("y", b.add(new Slice(List.of(0), List.of(24), List.of(-1), List.of(1)), back));
        return b.build();
    }

}
