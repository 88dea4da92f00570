package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.shape;

import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.LayerNorm;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** The normalisations: biased two-pass statistics, per-channel and broadcast affine parameters. */
@Covers({BatchNorm.class, LayerNorm.class, InstanceNorm.class, GroupNorm.class})
class NormEvalTest {
    private static final double INV_SQRT_125 = 1 / Math.sqrt(1.25);
    private static final double INV_SQRT_5 = 1 / Math.sqrt(5);

    @Test
    void batchNormUsesTheGivenStatisticsPerChannel() {
        Tensor x = f32(shape(1, 2, 2), 1, 2, 3, 4);
        Tensor scale = f32(shape(2), 2, 1);
        Tensor bias = f32(shape(2), 0, 1);
        Tensor mean = f32(shape(2), 1, 3);
        Tensor var = f32(shape(2), 4, 0.25);
        // Channel 0: (x - 1)/2·2; channel 1: (x - 3)/0.5 + 1.
        assertValues(eval(new BatchNorm(0), x, scale, bias, mean, var), shape(1, 2, 2), 0, 1, 1, 3);
        Tensor var2 = f32(shape(2), 3.75, 0);
        assertValues(eval(new BatchNorm(0.25), x, scale, bias, mean, var2), shape(1, 2, 2), 0, 1, 1, 3);
    }

    @Test
    void batchNormOnMatricesAndFourDimensions() {
        Tensor x = f64(shape(2, 2), 1, 10, 3, 20);
        Tensor one = f64(shape(2), 1, 1);
        Tensor zero = f64(shape(2), 0, 0);
        assertValues(eval(new BatchNorm(0), x, one, zero, f64(shape(2), 2, 15), f64(shape(2), 1, 25)), shape(2, 2), -1,
                -1, 1, 1);
        Tensor x4 = f64(shape(2, 2, 1, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        assertValues(eval(new BatchNorm(0), x4, f64(shape(2), 1, 10), zero, f64(shape(2), 0, 1), f64(shape(2), 1, 1)),
                shape(2, 2, 1, 2), 1, 2, 20, 30, 5, 6, 60, 70);
    }

    @Test
    void layerNormOverTheLastAxis() {
        Tensor x = f64(shape(2, 4), 1, 2, 3, 4, 2, 2, 2, 2);
        double a = 1.5 * INV_SQRT_125;
        double b = 0.5 * INV_SQRT_125;
        // Row 2 has zero variance: with epsilon 0 that is 0/0.
        assertValues(eval(new LayerNorm(List.of(-1), 0), x), shape(2, 4), -a, -b, b, a, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        Tensor withEps = eval(new LayerNorm(List.of(1), 1e-5), x);
        assertValues(withEps, shape(2, 4), -1.5 / Math.sqrt(1.25 + 1e-5), -0.5 / Math.sqrt(1.25 + 1e-5),
                0.5 / Math.sqrt(1.25 + 1e-5), 1.5 / Math.sqrt(1.25 + 1e-5), 0, 0, 0, 0);
    }

    @Test
    void layerNormScaleAndBiasBroadcast() {
        Tensor x = f64(shape(1, 4), 1, 2, 3, 4);
        Tensor scale = f64(shape(4), 1, 2, 3, 4);
        Tensor bias = f64(shape(4), 10, 10, 10, 10);
        double a = 1.5 * INV_SQRT_125;
        double b = 0.5 * INV_SQRT_125;
        assertValues(eval(new LayerNorm(List.of(1), 0), x, scale, bias), shape(1, 4), 10 - a, 10 - 2 * b, 10 + 3 * b,
                10 + 4 * a);
        assertValues(eval(new LayerNorm(List.of(1), 0), x, scale), shape(1, 4), -a, -2 * b, 3 * b, 4 * a);
    }

    @Test
    void layerNormOverChannelsOfNchw() {
        // Channels 0 and 1 at two positions: position 0 holds (1, 3), position 1 holds (5, 7).
        Tensor x = f32(shape(1, 2, 1, 2), 1, 5, 3, 7);
        Tensor scale = f32(shape(2, 1, 1), 1, 2);
        assertValues(eval(new LayerNorm(List.of(1), 0), x, scale), shape(1, 2, 1, 2), -1, -1, 2, 2);
    }

    @Test
    void layerNormOverSeveralAxes() {
        Tensor x = f64(shape(2, 2, 2), 1, 2, 3, 4, 0, 0, 0, 8);
        double r = 1 / Math.sqrt(12);
        assertValues(eval(new LayerNorm(List.of(-2, -1), 0), x), shape(2, 2, 2), -1.5 * INV_SQRT_125,
                -0.5 * INV_SQRT_125, 0.5 * INV_SQRT_125, 1.5 * INV_SQRT_125, -2 * r, -2 * r, -2 * r, 6 * r);
        // Non-adjacent axes 0 and 2: each index j of axis 1 is normalised over four values; for j = 1
        // they are 10, 10, 10, 30 with mean 15 and variance 75.
        Tensor y = f64(shape(2, 2, 2), 1, 2, 10, 10, 3, 4, 10, 30);
        double s = 1 / Math.sqrt(75);
        assertValues(eval(new LayerNorm(List.of(0, 2), 0), y), shape(2, 2, 2), -1.5 * INV_SQRT_125,
                -0.5 * INV_SQRT_125, -5 * s, -5 * s, 0.5 * INV_SQRT_125, 1.5 * INV_SQRT_125, -5 * s, 15 * s);
    }

    @Test
    void statisticsAreTwoPass() {
        // E[x²] - E[x]² would lose every digit here; the mean of squared deviations is 2/3 exactly enough.
        Tensor x = f64(shape(1, 3), 1e8 + 1, 1e8 + 2, 1e8 + 3);
        double z = Math.sqrt(1.5);
        assertValues(eval(new LayerNorm(List.of(1), 0), x), shape(1, 3), -z, 0, z);
        Tensor x3 = f64(shape(1, 1, 3), 1e8 + 1, 1e8 + 2, 1e8 + 3);
        assertValues(eval(new InstanceNorm(0), x3), shape(1, 1, 3), -z, 0, z);
    }

    @Test
    void instanceNormPerImageAndChannel() {
        Tensor x = f32(shape(2, 2, 2), 1, 3, 5, 5, 0, 4, -1, -3);
        assertValues(eval(new InstanceNorm(0), x), shape(2, 2, 2), -1, 1, Double.NaN, Double.NaN, -1, 1, 1, -1);
        // Planes (1, 3), (5, 5), (0, 4), (-1, -3): variances 1, 0, 4, 1.
        double one = 1 / Math.sqrt(1 + 1e-5);
        double two = 2 / Math.sqrt(4 + 1e-5);
        assertValues(eval(new InstanceNorm(1e-5), x, f32(shape(2), 2, 3), f32(shape(2), 1, 1)), shape(2, 2, 2),
                1 - 2 * one, 1 + 2 * one, 1, 1, 1 - 2 * two, 1 + 2 * two, 1 + 3 * one, 1 - 3 * one);
    }

    @Test
    void groupNorm() {
        Tensor x = f64(shape(1, 4, 1), 1, 3, 5, 7);
        assertValues(eval(new GroupNorm(2, 0), x), shape(1, 4, 1), -1, 1, -1, 1);
        assertValues(eval(new GroupNorm(1, 0), x), shape(1, 4, 1), -3 * INV_SQRT_5, -INV_SQRT_5, INV_SQRT_5,
                3 * INV_SQRT_5);
        assertValues(eval(new GroupNorm(2, 0), x, f64(shape(4), 1, 2, 3, 4), f64(shape(4), 0, 0, 10, 10)),
                shape(1, 4, 1), -1, 2, 7, 14);
        // As many groups as channels is instance norm.
        Tensor y = f64(shape(2, 2, 3), 1, 2, 3, 0, 0, 6, 5, 5, 8, 1, 1, 1);
        Tensor inst = eval(new InstanceNorm(1e-3), y);
        assertValues(eval(new GroupNorm(2, 1e-3), y), shape(2, 2, 3), inst.toDoubleArray());
        // A group spans channels and spatial positions together.
        Tensor z = f64(shape(1, 2, 2), 1, 2, 3, 4);
        assertValues(eval(new GroupNorm(1, 0), z), shape(1, 2, 2), -1.5 * INV_SQRT_125, -0.5 * INV_SQRT_125,
                0.5 * INV_SQRT_125, 1.5 * INV_SQRT_125);
    }

    @Test
    void emptyTensors() {
        assertValues(eval(new InstanceNorm(1e-5), f32(shape(1, 0, 3))), shape(1, 0, 3));
        assertValues(eval(new GroupNorm(2, 1e-5), f32(shape(0, 4, 3))), shape(0, 4, 3));
        assertValues(eval(new LayerNorm(List.of(-1), 1e-5), f32(shape(2, 0))), shape(2, 0));
        Tensor c = f32(shape(2), 1, 1);
        assertValues(eval(new BatchNorm(1e-5), f32(shape(0, 2, 5)), c, c, c, c), shape(0, 2, 5));
    }
}
