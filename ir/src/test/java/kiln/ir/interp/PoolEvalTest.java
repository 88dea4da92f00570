package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.iota;
import static kiln.ir.interp.TestTensors.shape;

import java.util.List;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Max and average pooling: padding, ceil mode and its partial windows, dilation, global pooling. */
@Covers({Pool.class, GlobalPool.class})
class PoolEvalTest {
    private static final double NAN = Double.NaN;

    private static Pool pool1d(PoolKind kind, int k, int stride, int padBegin, int padEnd, int dilation, boolean ceil,
            boolean countIncludePad) {
        return new Pool(kind, List.of(k), List.of(stride), List.of(padBegin), List.of(padEnd), List.of(dilation), ceil,
                countIncludePad);
    }

    @Test
    void twoByTwoStrideTwo() {
        Tensor x = iota(DType.F32, 1, 1, 4, 4);
        assertValues(eval(Pool.of(PoolKind.MAX, List.of(2, 2), List.of(2, 2)), x), shape(1, 1, 2, 2), 6, 8, 14, 16);
        assertValues(eval(Pool.of(PoolKind.AVG, List.of(2, 2), List.of(2, 2)), x), shape(1, 1, 2, 2), 3.5, 5.5, 11.5,
                13.5);
        // Overlapping 3×3 windows with stride 1.
        assertValues(eval(Pool.of(PoolKind.AVG, List.of(3, 3), List.of(1, 1)), x), shape(1, 1, 2, 2), 6, 7, 10, 11);
    }

    @Test
    void averageWithPaddingCountedOrNot() {
        Tensor x = f32(shape(1, 1, 3), 1, 2, 3);
        assertValues(eval(pool1d(PoolKind.AVG, 3, 1, 1, 1, 1, false, true), x), shape(1, 1, 3), 1, 2, 5.0 / 3);
        assertValues(eval(pool1d(PoolKind.AVG, 3, 1, 1, 1, 1, false, false), x), shape(1, 1, 3), 1.5, 2, 2.5);
    }

    @Test
    void maxIgnoresPadding() {
        Tensor x = f32(shape(1, 1, 3), -1, -2, -3);
        assertValues(eval(pool1d(PoolKind.MAX, 2, 1, 1, 1, 1, false, false), x), shape(1, 1, 4), -1, -1, -2, -3);
    }

    @Test
    void ceilModeWithoutPadding() {
        // Length 5, window 2, stride 2: the third window holds only the last element.
        Tensor x = f32(shape(1, 1, 5), 1, 2, 3, 4, 5);
        for (boolean include : new boolean[] {true, false}) {
            assertValues(eval(pool1d(PoolKind.AVG, 2, 2, 0, 0, 1, true, include), x), shape(1, 1, 3), 1.5, 3.5, 5);
        }
        assertValues(eval(pool1d(PoolKind.MAX, 2, 2, 0, 0, 1, true, false), x), shape(1, 1, 3), 2, 4, 5);
        assertValues(eval(pool1d(PoolKind.AVG, 2, 2, 0, 0, 1, false, false), x), shape(1, 1, 2), 1.5, 3.5);
    }

    @Test
    void ceilModePartialWindowsFollowPyTorch() {
        // avg_pool1d([1, 2, 3, 4], kernel 3, stride 2, padding 1, ceil_mode=True). Windows start at -1, 1, 3;
        // the last covers 3, 4 (end padding) and 5 (past the padded extent).
        Tensor x = f32(shape(1, 1, 4), 1, 2, 3, 4);
        assertValues(eval(pool1d(PoolKind.AVG, 3, 2, 1, 1, 1, true, true), x), shape(1, 1, 3), 1, 3, 2);
        assertValues(eval(pool1d(PoolKind.AVG, 3, 2, 1, 1, 1, true, false), x), shape(1, 1, 3), 1.5, 3, 4);
        assertValues(eval(pool1d(PoolKind.MAX, 3, 2, 1, 1, 1, true, false), x), shape(1, 1, 3), 2, 4, 4);
    }

    @Test
    void ceilModeDropsAWindowStartingInTheTrailingPadding() {
        // Length 5, window 2, stride 2, padding 1 on each side: ceil((7 - 2) / 2) + 1 = 4 windows would start at
        // -1, 1, 3 and 5, but position 5 is trailing padding, so only three remain (PyTorch's rule).
        Tensor x = f32(shape(1, 1, 5), 1, 2, 3, 4, 5);
        assertValues(eval(pool1d(PoolKind.AVG, 2, 2, 1, 1, 1, true, true), x), shape(1, 1, 3), 0.5, 2.5, 4.5);
        assertValues(eval(pool1d(PoolKind.MAX, 2, 2, 1, 1, 1, true, true), x), shape(1, 1, 3), 1, 3, 5);
    }

    @Test
    void dilation() {
        Tensor x = f32(shape(1, 1, 5), 1, 5, 2, 4, 3);
        assertValues(eval(pool1d(PoolKind.MAX, 2, 1, 0, 0, 2, false, false), x), shape(1, 1, 3), 2, 5, 3);
        assertValues(eval(pool1d(PoolKind.AVG, 2, 1, 0, 0, 2, false, false), x), shape(1, 1, 3), 1.5, 4.5, 2.5);
        // Taps at -1 (padding) and 1: the divisor counts one or two of them.
        Tensor y = f32(shape(1, 1, 2), 4, 8);
        assertValues(eval(pool1d(PoolKind.AVG, 2, 1, 1, 1, 2, false, true), y), shape(1, 1, 2), 4, 2);
        assertValues(eval(pool1d(PoolKind.AVG, 2, 1, 1, 1, 2, false, false), y), shape(1, 1, 2), 8, 4);
    }

    @Test
    void nanWinsMaxAndPoisonsAverage() {
        Tensor x = f64(shape(1, 1, 4), 1, NAN, 3, 2);
        assertBits(eval(pool1d(PoolKind.MAX, 2, 1, 0, 0, 1, false, false), x), shape(1, 1, 3), NAN, NAN, 3);
        assertBits(eval(pool1d(PoolKind.AVG, 2, 2, 0, 0, 1, false, false), x), shape(1, 1, 2), NAN, 2.5);
        assertBits(eval(pool1d(PoolKind.MAX, 2, 2, 0, 0, 1, false, false),
                f64(shape(1, 1, 2), Double.NEGATIVE_INFINITY, -0.0)), shape(1, 1, 1), -0.0);
    }

    @Test
    void asymmetricTwoDimensionalPaddingAndChannels() {
        // Two channels of a 2×2 image, 2×2 windows, stride 1, padding top 1 and right 1.
        Tensor x = f32(shape(1, 2, 2, 2), 1, 2, 3, 4, 10, 20, 30, 40);
        Pool p = new Pool(PoolKind.AVG, List.of(2, 2), List.of(1, 1), List.of(1, 0), List.of(0, 1), List.of(1, 1),
                false, false);
        assertValues(eval(p, x), shape(1, 2, 2, 2), 1.5, 2, 2.5, 3, 15, 20, 25, 30);
        Pool counted = new Pool(PoolKind.AVG, List.of(2, 2), List.of(1, 1), List.of(1, 0), List.of(0, 1),
                List.of(1, 1), false, true);
        assertValues(eval(counted, x), shape(1, 2, 2, 2), 0.75, 0.5, 2.5, 1.5, 7.5, 5, 25, 15);
    }

    @Test
    void threeDimensionalAndBatch() {
        Tensor x = iota(DType.F32, 2, 1, 2, 2, 2);
        Pool p = Pool.of(PoolKind.MAX, List.of(2, 2, 2), List.of(1, 1, 1));
        assertValues(eval(p, x), shape(2, 1, 1, 1, 1), 8, 16);
        assertValues(eval(Pool.of(PoolKind.AVG, List.of(2, 2, 2), List.of(2, 2, 2)), x), shape(2, 1, 1, 1, 1), 4.5,
                12.5);
        assertValues(eval(p, f32(shape(0, 3, 2, 2, 2))), shape(0, 3, 1, 1, 1));
    }

    @Test
    void globalPooling() {
        Tensor x = f64(shape(1, 3, 2, 2), 1, 2, 3, 4, -1, -5, NAN, 0, -7, -8, -9, -6);
        assertValues(eval(new GlobalPool(PoolKind.AVG), x), shape(1, 3, 1, 1), 2.5, NAN, -7.5);
        assertValues(eval(new GlobalPool(PoolKind.MAX), x), shape(1, 3, 1, 1), 4, NAN, -6);
        Tensor seq = f32(shape(2, 1, 3), 1, 2, 6, 0, 0, 3);
        assertValues(eval(new GlobalPool(PoolKind.AVG), seq), shape(2, 1, 1), 3, 1);
        assertValues(eval(new GlobalPool(PoolKind.MAX), f32(shape(0, 4, 2))), shape(0, 4, 1));
    }
}
