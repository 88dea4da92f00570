package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;

import kiln.ir.graph.Clip;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.StarRelu;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** The elementwise activations with attributes or parameters. */
@Covers({LeakyRelu.class, HardSigmoid.class, Clip.class, Shrink.class, StarRelu.class})
class ActivationEvalTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void leakyRelu() {
        Tensor x = f64(shape(6), -2, 0, 3, NAN, -0.0, -INF);
        assertBits(eval(new LeakyRelu(0.1), x), shape(6), -0.2, 0, 3, NAN, -0.0, -INF);
        assertValues(eval(new LeakyRelu(0.01), f32(shape(2), -100, 100)), shape(2), -1, 100);
    }

    @Test
    void hardSigmoid() {
        Tensor x = f64(shape(7), -3, 0, 3, 6, -6, NAN, 1.5);
        assertValues(eval(new HardSigmoid(1.0 / 6, 0.5), x), shape(7), 0, 0.5, 1, 1, 0, NAN, 0.75);
        // ONNX's default alpha = 0.2, beta = 0.5.
        assertValues(eval(new HardSigmoid(0.2, 0.5), f32(shape(3), -1, 1, 5)), shape(3), 0.3, 0.7, 1);
    }

    @Test
    void clipFloats() {
        Tensor x = f64(shape(6), -2, 0.5, 2, NAN, INF, -INF);
        assertBits(eval(new Clip(-1, 1), x), shape(6), -1, 0.5, 1, NAN, 1, -1);
        // An absent bound is infinite.
        assertBits(eval(new Clip(Double.NEGATIVE_INFINITY, 0), f64(shape(3), -5, 5, NAN)), shape(3), -5, 0, NAN);
        assertBits(eval(new Clip(0, INF), f64(shape(3), -5, 5, INF)), shape(3), 0, 5, INF);
        // ReLU6 as a clip, on f32.
        assertValues(eval(new Clip(0, 6), f32(shape(4), -1, 3.5, 6, 7)), shape(4), 0, 3.5, 6, 6);
        assertBits(eval(new Clip(1, 1), f64(shape(2), -3, 3)), shape(2), 1, 1);
    }

    @Test
    void clipIntegersStaysInsideTheBounds() {
        assertLongs(eval(new Clip(-1.5, 2.5), i64(shape(4), -5, 0, 2, 5)), shape(4), -1, 0, 2, 2);
        assertLongs(eval(new Clip(Double.NEGATIVE_INFINITY, 3), i32(shape(2), Integer.MIN_VALUE, 9)), shape(2),
                Integer.MIN_VALUE, 3);
        assertLongs(eval(new Clip(-2, 2), i64(shape(2), Long.MIN_VALUE, Long.MAX_VALUE)), shape(2), -2, 2);
    }

    @Test
    void shrink() {
        Tensor x = f64(shape(7), -1, -0.5, -0.2, 0, 0.3, 0.5, 1);
        // Soft shrinkage: bias = lambd.
        assertValues(eval(new Shrink(0.5, 0.5), x), shape(7), -0.5, 0, 0, 0, 0, 0, 0.5);
        // Hard shrinkage: bias = 0.
        assertValues(eval(new Shrink(0.5, 0), x), shape(7), -1, 0, 0, 0, 0, 0, 1);
        // As the op's formula (and ONNX's reference) say: NaN is neither below -lambd nor above it, so 0.
        assertBits(eval(new Shrink(0.5, 0.5), f32(shape(3), NAN, INF, -INF)), shape(3), 0, INF, -INF);
    }

    @Test
    void starRelu() {
        Tensor x = f32(shape(2, 2), -1, 2, 3, 0);
        // scale·relu(x)² + bias with one-element parameters.
        assertValues(eval(new StarRelu(), x, f32(shape(1), 2), f32(shape(1), 0.5)), shape(2, 2), 0.5, 8.5, 18.5,
                0.5);
        // Per-column scale [2] and per-row bias [2, 1].
        assertValues(eval(new StarRelu(), x, f32(shape(2), 1, 10), f32(shape(2, 1), 0, 100)), shape(2, 2), 0, 40,
                109, 100);
        // Scalar parameters, and NaN passing through relu.
        assertValues(eval(new StarRelu(), f64(shape(2), NAN, -0.0), f64(shape(), 1), f64(shape(), 0)), shape(2), NAN,
                0);
    }
}
