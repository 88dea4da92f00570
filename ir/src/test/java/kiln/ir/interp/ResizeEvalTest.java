package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.IrException;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Resize in every mode and coordinate mapping. The expected values are the outputs of ONNX's backend node tests
 * (computed by its reference implementation) and of ONNX's reference evaluator where noted; a few are worked
 * out by hand.
 */
@Covers(Resize.class)
class ResizeEvalTest {
    private static final ResizeCoordinates HALF_PIXEL = ResizeCoordinates.HALF_PIXEL;
    private static final Tensor X4 = f32(shape(1, 1, 4, 4), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    private static final Tensor X24 = f32(shape(1, 1, 2, 4), 1, 2, 3, 4, 5, 6, 7, 8);
    private static final Tensor X22 = f32(shape(1, 1, 2, 2), 1, 2, 3, 4);

    /** A resize by f32 scales, as an ONNX model gives them: sizes are ⌊in·scale⌋. */
    private static Resize scaled(ResizeMode mode, ResizeCoordinates c, NearestRounding n, double a, boolean exclude,
            Tensor x, float... scales) {
        int[] sizes = new int[scales.length];
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < scales.length; i++) {
            s.add((double) scales[i]);
            sizes[i] = (int) Math.floor(x.dim(i) * (double) scales[i]);
        }
        return new Resize(mode, c, n, a, exclude, Shape.of(sizes), s, List.of(), 0.0);
    }

    private static Resize scaled(ResizeMode mode, ResizeCoordinates c, Tensor x, float... scales) {
        return scaled(mode, c, NearestRounding.ROUND_PREFER_FLOOR, Resize.DEFAULT_CUBIC_A, false, x, scales);
    }

    private static Resize sized(ResizeMode mode, ResizeCoordinates c, NearestRounding n, Tensor x, int... sizes) {
        Resize r = Resize.to(mode, c, Shape.of(x.shape()), Shape.of(sizes));
        return new Resize(mode, c, n, r.cubicA(), false, r.sizes(), r.scales(), r.roi(), 0.0);
    }

    private static Resize sized(ResizeMode mode, ResizeCoordinates c, Tensor x, int... sizes) {
        return sized(mode, c, NearestRounding.ROUND_PREFER_FLOOR, x, sizes);
    }

    @Test
    void nearestUpsampleAndDownsample() {
        // test_resize_upsample_scales_nearest: scales [1, 1, 2, 3].
        assertValues(eval(scaled(ResizeMode.NEAREST, HALF_PIXEL, X22, 1, 1, 2, 3), X22), shape(1, 1, 4, 6),
                1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4);
        // test_resize_downsample_scales_nearest: scales [1, 1, 0.6, 0.6].
        assertValues(eval(scaled(ResizeMode.NEAREST, HALF_PIXEL, X24, 1, 1, 0.6f, 0.6f), X24), shape(1, 1, 1, 2),
                1, 3);
        // test_resize_upsample_sizes_nearest: sizes [1, 1, 7, 8].
        double[] want = new double[56];
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 8; c++) {
                want[r * 8 + c] = (r < 4 ? 1 : 3) + (c < 4 ? 0 : 1);
            }
        }
        assertValues(eval(sized(ResizeMode.NEAREST, HALF_PIXEL, X22, 1, 1, 7, 8), X22), shape(1, 1, 7, 8), want);
    }

    /** The three node tests of nearest rounding, each with another coordinate mapping: 4×4 to 8×8. */
    @Test
    void nearestRoundingModes() {
        double[] ceilHalfPixel = rows(new int[] {1, 2, 2, 3, 3, 4, 4, 4}, new int[] {0, 1, 1, 2, 2, 3, 3, 3});
        assertValues(eval(sized(ResizeMode.NEAREST, HALF_PIXEL, NearestRounding.CEIL, X4, 1, 1, 8, 8), X4),
                shape(1, 1, 8, 8), ceilHalfPixel);
        double[] floorAlignCorners = rows(new int[] {1, 1, 1, 2, 2, 3, 3, 4}, new int[] {0, 0, 0, 1, 1, 2, 2, 3});
        assertValues(eval(sized(ResizeMode.NEAREST, ResizeCoordinates.ALIGN_CORNERS, NearestRounding.FLOOR, X4, 1, 1,
                8, 8), X4), shape(1, 1, 8, 8), floorAlignCorners);
        // round_prefer_ceil with asymmetric coordinates gives the same picture as ceil with half_pixel here.
        assertValues(eval(sized(ResizeMode.NEAREST, ResizeCoordinates.ASYMMETRIC, NearestRounding.ROUND_PREFER_CEIL,
                X4, 1, 1, 8, 8), X4), shape(1, 1, 8, 8), ceilHalfPixel);
        // Halves: asymmetric 2→4 reads x = 0, 0.5, 1, 1.5; prefer floor keeps 0 and 1 at the halves.
        Tensor two = f32(shape(2), 10, 20);
        assertValues(eval(sized(ResizeMode.NEAREST, ResizeCoordinates.ASYMMETRIC, NearestRounding.ROUND_PREFER_FLOOR,
                two, 4), two), shape(4), 10, 10, 20, 20);
        assertValues(eval(sized(ResizeMode.NEAREST, ResizeCoordinates.ASYMMETRIC, NearestRounding.ROUND_PREFER_CEIL,
                two, 4), two), shape(4), 10, 20, 20, 20);
    }

    /** An 8×8 picture from 4×4: row r is input row rowOf[r], column c input column colOf[c] (colOf 1-based). */
    private static double[] rows(int[] colOf, int[] rowOf) {
        double[] out = new double[64];
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                out[r * 8 + c] = rowOf[r] * 4 + colOf[c];
            }
        }
        return out;
    }

    @Test
    void linear() {
        // test_resize_upsample_scales_linear.
        assertValues(eval(scaled(ResizeMode.LINEAR, HALF_PIXEL, X22, 1, 1, 2, 2), X22), shape(1, 1, 4, 4),
                1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4);
        // test_resize_downsample_scales_linear.
        assertValues(eval(scaled(ResizeMode.LINEAR, HALF_PIXEL, X24, 1, 1, 0.6f, 0.6f), X24), shape(1, 1, 1, 2),
                2.6666665077209473, 4.3333330154418945);
        // test_resize_downsample_scales_linear_align_corners: the resized length is 0.6·4 = 2.4, not 2.
        assertValues(eval(scaled(ResizeMode.LINEAR, ResizeCoordinates.ALIGN_CORNERS, X24, 1, 1, 0.6f, 0.6f), X24),
                shape(1, 1, 1, 2), 1, 3.142857074737549);
        // test_resize_downsample_sizes_linear_pytorch_half_pixel: sizes [1, 1, 3, 1].
        assertValues(eval(sized(ResizeMode.LINEAR, ResizeCoordinates.PYTORCH_HALF_PIXEL, X4, 1, 1, 3, 1), X4),
                shape(1, 1, 3, 1), 1.6666666269302368, 7, 12.333333015441895);
        // By hand: [0, 10] to 4 at half pixels reads x = -0.25, 0.25, 0.75, 1.25; the edges clamp.
        Tensor two = f32(shape(2), 0, 10);
        assertValues(eval(sized(ResizeMode.LINEAR, HALF_PIXEL, two, 4), two), shape(4), 0, 2.5, 7.5, 10);
        // ONNX's reference evaluator: asymmetric 4 to 7.
        Tensor four = f32(shape(1, 4), 1, 2, 3, 4);
        assertValues(eval(sized(ResizeMode.LINEAR, ResizeCoordinates.ASYMMETRIC, four, 1, 7), four), shape(1, 7), 1,
                1.5714285373687744, 2.142857074737549, 2.7142856121063232, 3.2857143878936768, 3.857142925262451, 4);
    }

    @Test
    void cubic() {
        // test_resize_upsample_scales_cubic.
        assertValues(eval(scaled(ResizeMode.CUBIC, HALF_PIXEL, X4, 1, 1, 2, 2), X4), shape(1, 1, 8, 8),
                0.47265625, 0.76953125, 1.24609375, 1.875, 2.28125, 2.91015625, 3.38671875, 3.68359375,
                1.66015625, 1.95703125, 2.43359375, 3.0625, 3.46875, 4.09765625, 4.57421875, 4.87109375,
                3.56640625, 3.86328125, 4.33984375, 4.96875, 5.375, 6.00390625, 6.48046875, 6.77734375,
                6.08203125, 6.37890625, 6.85546875, 7.484375, 7.890625, 8.51953125, 8.99609375, 9.29296875,
                7.70703125, 8.00390625, 8.48046875, 9.109375, 9.515625, 10.14453125, 10.62109375, 10.91796875,
                10.22265625, 10.51953125, 10.99609375, 11.625, 12.03125, 12.66015625, 13.13671875, 13.43359375,
                12.12890625, 12.42578125, 12.90234375, 13.53125, 13.9375, 14.56640625, 15.04296875, 15.33984375,
                13.31640625, 13.61328125, 14.08984375, 14.71875, 15.125, 15.75390625, 16.23046875, 16.52734375);
        // test_resize_downsample_scales_cubic.
        assertValues(eval(scaled(ResizeMode.CUBIC, HALF_PIXEL, X4, 1, 1, 0.8f, 0.8f), X4), shape(1, 1, 3, 3),
                1.47119140625, 2.78125, 4.08251953125, 6.71142578125, 8.021484375, 9.32275390625, 11.91650390625,
                13.2265625, 14.52783203125);
        // test_resize_downsample_scales_cubic_align_corners.
        assertValues(eval(scaled(ResizeMode.CUBIC, ResizeCoordinates.ALIGN_CORNERS, X4, 1, 1, 0.8f, 0.8f), X4),
                shape(1, 1, 3, 3), 1, 2.3951916694641113, 3.7903831005096436, 6.580766201019287, 7.975957870483398,
                9.371149063110352, 12.161532402038574, 13.556723594665527, 14.951915740966797);
        // test_resize_downsample_sizes_cubic: sizes [1, 1, 3, 3].
        assertValues(eval(sized(ResizeMode.CUBIC, HALF_PIXEL, X4, 1, 1, 3, 3), X4), shape(1, 1, 3, 3),
                1.6307870149612427, 3.004629611968994, 4.378472328186035, 7.126157283782959, 8.5, 9.873842239379883,
                12.621527671813965, 13.995369911193848, 15.369213104248047);
        // test_resize_upsample_sizes_cubic, sizes [1, 1, 9, 10]: its first and last rows.
        Tensor up = eval(sized(ResizeMode.CUBIC, HALF_PIXEL, X4, 1, 1, 9, 10), X4);
        double[] first = {0.45507922768592834, 0.6405792236328125, 0.9715791940689087, 1.4225791692733765,
            1.9073292016983032, 2.2233293056488037, 2.7080790996551514, 3.1590793132781982, 3.490079164505005,
            3.675579309463501};
        double[] last = {13.324420928955078, 13.509921073913574, 13.840920448303223, 14.29192066192627,
            14.776670455932617, 15.092670440673828, 15.577421188354492, 16.02842140197754, 16.359420776367188,
            16.544919967651367};
        double[] got = up.toDoubleArray();
        for (int c = 0; c < 10; c++) {
            assertEquals(first[c], got[c], 1e-5, "row 0, column " + c);
            assertEquals(last[c], got[80 + c], 1e-5, "row 8, column " + c);
        }
    }

    @Test
    void cubicWithParameterAndExcludedOutside() {
        // test_resize_downsample_scales_cubic_A_n0p5_exclude_outside.
        assertValues(eval(scaled(ResizeMode.CUBIC, HALF_PIXEL, NearestRounding.ROUND_PREFER_FLOOR, -0.5, true, X4,
                1, 1, 0.8f, 0.8f), X4), shape(1, 1, 3, 3), 1.3681267499923706, 2.669501304626465, 4.013336658477783,
                6.573625087738037, 7.875, 9.21883487701416, 11.948966026306152, 13.250341415405273,
                14.594176292419434);
        // test_resize_upsample_scales_cubic_A_n0p5_exclude_outside: its first row and the middle of the fourth.
        Tensor up = eval(scaled(ResizeMode.CUBIC, HALF_PIXEL, NearestRounding.ROUND_PREFER_FLOOR, -0.5, true, X4,
                1, 1, 2, 2), X4);
        double[] got = up.toDoubleArray();
        double[] first = {0.5588235259056091, 0.8149420619010925, 1.3569824695587158, 1.8970588445663452,
            2.3970587253570557, 2.9371352195739746, 3.479175567626953, 3.7352941036224365};
        for (int c = 0; c < 8; c++) {
            assertEquals(first[c], got[c], 1e-5, "column " + c);
        }
        assertEquals(7.25, got[27], 1e-6);
        assertEquals(7.75, got[28], 1e-6);
    }

    /** With an output length of 1, pytorch_half_pixel reads x = 0 (hand-computed Keys weights at r = 1/2). */
    @Test
    void pytorchHalfPixelWithOneOutput() {
        Tensor r = eval(sized(ResizeMode.CUBIC, ResizeCoordinates.PYTORCH_HALF_PIXEL, X4, 1, 1, 1, 2), X4);
        assertValues(r, shape(1, 1, 1, 2), 1.40625, 3.59375);
    }

    @Test
    void halfPixelSymmetric() {
        // ONNX's reference evaluator (opset 19).
        assertValues(eval(scaled(ResizeMode.LINEAR, ResizeCoordinates.HALF_PIXEL_SYMMETRIC, X4, 1, 1, 0.6f, 0.6f), X4),
                shape(1, 1, 2, 2), 4.333333492279053, 6, 11, 12.666666030883789);
        Tensor up = eval(scaled(ResizeMode.NEAREST, ResizeCoordinates.HALF_PIXEL_SYMMETRIC, X4, 1, 1, 1.7f, 1.7f), X4);
        assertValues(up, shape(1, 1, 6, 6), 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 5, 6, 6, 7, 7, 8, 9, 10, 10, 11, 11,
                12, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16);
    }

    @Test
    void tfCropAndResize() {
        // test_resize_tf_crop_and_resize: roi starts [0, 0, 0.4, 0.6], ends [1, 1, 1.2, 1.7], extrapolation 10.
        List<Double> roi = List.of(0.0, 0.0, (double) 0.4f, (double) 0.6f, 1.0, 1.0, (double) 1.2f, (double) 1.7f);
        Resize linear = crop(ResizeMode.LINEAR, roi, 10);
        assertValues(eval(linear, X4), shape(1, 1, 3, 3), 7.600000381469727, 10, 10, 12.40000057220459, 10, 10, 10,
                10, 10);
        // ONNX's reference evaluator: roi starts [0, 0, 0.4, -0.2], ends [1, 1, 0.9, 0.7], extrapolation -1.
        List<Double> left = List.of(0.0, 0.0, (double) 0.4f, (double) -0.2f, 1.0, 1.0, (double) 0.9f, (double) 0.7f);
        assertValues(eval(crop(ResizeMode.CUBIC, left, -1), X4), shape(1, 1, 3, 3), -1, 6.659974098205566,
                8.134756088256836, -1, 9.382472038269043, 10.85725212097168, -1, 12.740968704223633, 14.21574878692627);
        assertValues(eval(crop(ResizeMode.NEAREST, left, -1), X4), shape(1, 1, 3, 3), -1, 6, 7, -1, 10, 11, -1, 14,
                15);
    }

    private static Resize crop(ResizeMode mode, List<Double> roi, double extrapolation) {
        Shape sizes = Shape.of(1, 1, 3, 3);
        List<Double> scales = Resize.scalesFor(Shape.of(1, 1, 4, 4), sizes);
        return new Resize(mode, ResizeCoordinates.TF_CROP_AND_RESIZE, NearestRounding.ROUND_PREFER_FLOOR,
                Resize.DEFAULT_CUBIC_A, false, sizes, scales, roi, extrapolation);
    }

    /** Nearest copies elements, so integers stay exact and -0 and NaN payloads survive. */
    @Test
    void nearestCopiesBits() {
        long big = (1L << 53) + 1;
        Tensor x = i64(shape(2), big, -7);
        assertLongs(eval(sized(ResizeMode.NEAREST, HALF_PIXEL, x, 4), x), shape(4), big, big, -7, -7);
        Tensor z = f32(shape(2), -0.0, Double.NaN);
        assertBits(eval(sized(ResizeMode.NEAREST, HALF_PIXEL, z, 3), z), shape(3), -0.0, -0.0, Double.NaN);
    }

    /**
     * An axis that lines up (here the unchanged first one) is copied, so an infinity does not meet a zero weight
     * there; on a resized axis the weights of a cubic tap sum to 1, so constants stay constant.
     */
    @Test
    void unchangedAxesAreCopied() {
        // Align corners 2 → 3 reads x = 0, 0.5, 1 on the second axis; at 0 and 1 a tap of weight 0 meets the
        // infinity, making NaN as in ONNX's reference. The first axis is unchanged, so the second row stays clean.
        Tensor x = f32(shape(2, 2), Double.POSITIVE_INFINITY, 1, 2, 2);
        Tensor r = eval(sized(ResizeMode.LINEAR, ResizeCoordinates.ALIGN_CORNERS, x, 2, 3), x);
        assertValues(r, shape(2, 3), Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, 2, 2, 2);
        Tensor c = f32(shape(5), 3, 3, 3, 3, 3);
        assertValues(eval(sized(ResizeMode.CUBIC, HALF_PIXEL, c, 13), c), shape(13), 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
                3, 3);
    }

    @Test
    void batchAxisKeepsItsLength() {
        Resize op = Resize.to(ResizeMode.LINEAR, HALF_PIXEL, Shape.of(Shape.BATCH, 2), Shape.of(Shape.BATCH, 4));
        assertEquals(List.of(1.0, 2.0), op.scales());
        assertEquals(new TensorType(DType.F32, Shape.of(Shape.BATCH, 4)),
                op.inferTypes(List.of(new TensorType(DType.F32, Shape.of(Shape.BATCH, 2)))).getFirst());
        Tensor x = f32(shape(3, 2), 0, 10, 1, 1, -2, 2);
        assertValues(eval(op.bindBatch(3), x), shape(3, 4), 0, 2.5, 7.5, 10, 1, 1, 1, 1, -2, -1, 1, 2);
        Resize grow = Resize.to(ResizeMode.NEAREST, HALF_PIXEL, Shape.of(2, 2), Shape.of(Shape.BATCH, 2));
        assertThrows(IrException.class, () -> grow.inferTypes(List.of(TensorType.of(DType.F32, 2, 2))));
    }

    @Test
    void refusesWhatItCannotMean() {
        TensorType ints = TensorType.of(DType.I32, 1, 2);
        assertThrows(IrException.class, () -> Resize.to(ResizeMode.LINEAR, HALF_PIXEL, Shape.of(1, 2), Shape.of(1, 4))
                .inferTypes(List.of(ints)));
        Resize.to(ResizeMode.NEAREST, HALF_PIXEL, Shape.of(1, 2), Shape.of(1, 4)).inferTypes(List.of(ints));
        assertThrows(IrException.class, () -> new Resize(ResizeMode.LINEAR, HALF_PIXEL,
                NearestRounding.FLOOR, -0.75, false, Shape.of(4), List.of(0.0), List.of(), 0));
        assertThrows(IrException.class, () -> new Resize(ResizeMode.LINEAR, HALF_PIXEL,
                NearestRounding.FLOOR, -0.75, false, Shape.of(4), List.of(1.0, 2.0), List.of(), 0));
        assertThrows(IrException.class, () -> new Resize(ResizeMode.LINEAR, ResizeCoordinates.TF_CROP_AND_RESIZE,
                NearestRounding.FLOOR, -0.75, false, Shape.of(4), List.of(2.0), List.of(0.0), 0));
        assertThrows(IrException.class, () -> new Resize(ResizeMode.LINEAR, HALF_PIXEL,
                NearestRounding.FLOOR, -0.75, false, Shape.of(4), List.of(2.0), List.of(0.0, 1.0), 0));
        assertThrows(IrException.class, () -> Resize.to(ResizeMode.NEAREST, HALF_PIXEL, Shape.of(0), Shape.of(3))
                .inferTypes(List.of(TensorType.of(DType.F32, 0))));
        assertValues(eval(Resize.to(ResizeMode.CUBIC, HALF_PIXEL, Shape.of(3), Shape.of(0)), f32(shape(3), 1, 2, 3)),
                shape(0));
    }
}
