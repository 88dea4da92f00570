package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertClose;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.iota;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Conv;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Convolutions of rank 0 to 3 with hand-checked values, and a randomised check against the definition. */
@Covers(Conv.class)
class ConvEvalTest {
    private static Conv conv1d(int stride, int padBegin, int padEnd, int dilation, int groups) {
        return new Conv(List.of(stride), List.of(padBegin), List.of(padEnd), List.of(dilation), groups);
    }

    @Test
    void oneDimensionalCrossCorrelation() {
        Tensor x = f32(shape(1, 1, 5), 1, 2, 3, 4, 5);
        Tensor w = f32(shape(1, 1, 3), 1, 0, -1);
        // Cross-correlation, not convolution: out[i] = x[i] - x[i + 2].
        assertValues(eval(Conv.plain(1), x, w), shape(1, 1, 3), -2, -2, -2);
    }

    @Test
    void paddingAtBothBorders() {
        Tensor x = f32(shape(1, 1, 5), 1, 2, 3, 4, 5);
        Tensor w = f32(shape(1, 1, 3), 1, 0, -1);
        // Padded: 0 1 2 3 4 5 0.
        assertValues(eval(conv1d(1, 1, 1, 1, 1), x, w), shape(1, 1, 5), -2, -2, -2, -2, 4);
    }

    @Test
    void asymmetricPadding() {
        Tensor x = f32(shape(1, 1, 5), 1, 2, 3, 4, 5);
        Tensor w = f32(shape(1, 1, 3), 1, 0, -1);
        // Padded: 0 0 1 2 3 4 5.
        assertValues(eval(conv1d(1, 2, 0, 1, 1), x, w), shape(1, 1, 5), -1, -2, -2, -2, -2);
        // Padded: 1 2 3 4 5 0 0 0, stride 2: windows at 0, 2, 4.
        assertValues(eval(conv1d(2, 0, 3, 1, 1), x, w), shape(1, 1, 3), -2, -2, 5);
    }

    @Test
    void strideAndDilation() {
        Tensor x = f32(shape(1, 1, 7), 1, 2, 3, 4, 5, 6, 7);
        Tensor w = f32(shape(1, 1, 2), 1, 10);
        // Taps 2 apart, windows 2 apart: out[j] = x[2j] + 10·x[2j + 2].
        assertValues(eval(conv1d(2, 0, 0, 2, 1), x, w), shape(1, 1, 3), 31, 53, 75);
        // Stride 3 leaves the last element unused: floor((7 - 2) / 3) + 1 = 2 windows.
        assertValues(eval(conv1d(3, 0, 0, 1, 1), x, w), shape(1, 1, 2), 21, 54);
    }

    @Test
    void twoDimensionalWithBias() {
        Tensor x = iota(DType.F32, 1, 1, 3, 3);
        Tensor w = f32(shape(1, 1, 2, 2), 1, 2, 3, 4);
        assertValues(eval(Conv.plain(2), x, w), shape(1, 1, 2, 2), 37, 47, 67, 77);
        assertValues(eval(Conv.plain(2), x, w, f32(shape(1), 10)), shape(1, 1, 2, 2), 47, 57, 77, 87);
    }

    @Test
    void twoDimensionalZeroPaddingCountsNeighbours() {
        Tensor ones = f64(shape(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor w = f64(shape(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Conv same = new Conv(List.of(1, 1), List.of(1, 1), List.of(1, 1), List.of(1, 1), 1);
        assertValues(eval(same, ones, w), shape(1, 1, 3, 3), 4, 6, 4, 6, 9, 6, 4, 6, 4);
        // Padding only on top (2) and left (1): rows covered 1, 2, 3; columns covered 2, 3.
        Conv topLeft = new Conv(List.of(1, 1), List.of(2, 1), List.of(0, 0), List.of(1, 1), 1);
        assertValues(eval(topLeft, ones, w), shape(1, 1, 3, 2), 2, 3, 4, 6, 6, 9);
    }

    @Test
    void channelsSumAndOutputChannelsAreSeparate() {
        Tensor x = f32(shape(1, 2, 2, 2), 1, 2, 3, 4, 10, 20, 30, 40);
        Tensor w = f32(shape(2, 2, 1, 1), 2, 3, 1, -1);
        assertValues(eval(Conv.plain(2), x, w), shape(1, 2, 2, 2), 32, 64, 96, 128, -9, -18, -27, -36);
    }

    @Test
    void groups() {
        Tensor x = f32(shape(1, 4, 1), 1, 2, 3, 4);
        Tensor w = f32(shape(2, 2, 1), 1, 1, 1, -1);
        Conv grouped = conv1d(1, 0, 0, 1, 2);
        // Group 0 sees channels 0-1, group 1 channels 2-3.
        assertValues(eval(grouped, x, w), shape(1, 2, 1), 3, -1);
    }

    @Test
    void depthwise() {
        Tensor x = f32(shape(1, 3, 1, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor w = f32(shape(3, 1, 1, 2), 1, 1, 1, -1, 2, 0);
        Conv dw = new Conv(List.of(1, 1), List.of(0, 0), List.of(0, 0), List.of(1, 1), 3);
        assertValues(eval(dw, x, w), shape(1, 3, 1, 2), 3, 5, -1, -1, 14, 16);
        // Channel multiplier 2: output channels 0, 1 read input channel 0; 2, 3 read channel 1.
        Tensor x2 = f32(shape(1, 2, 1), 5, 7);
        Tensor w2 = f32(shape(4, 1, 1), 1, 2, 3, 4);
        assertValues(eval(conv1d(1, 0, 0, 1, 2), x2, w2), shape(1, 4, 1), 5, 10, 21, 28);
    }

    @Test
    void threeDimensional() {
        Tensor x = iota(DType.F32, 1, 1, 2, 2, 2);
        Tensor ones = f32(shape(1, 1, 2, 2, 2), 1, 1, 1, 1, 1, 1, 1, 1);
        assertValues(eval(Conv.plain(3), x, ones), shape(1, 1, 1, 1, 1), 36);
        // Kernel 2×1×1 with depth padding 1 on both sides: planes x0, x0 + x1, x1.
        Conv depth = new Conv(List.of(1, 1, 1), List.of(1, 0, 0), List.of(1, 0, 0), List.of(1, 1, 1), 1);
        assertValues(eval(depth, x, f32(shape(1, 1, 2, 1, 1), 1, 1)), shape(1, 1, 3, 2, 2), 1, 2, 3, 4, 6, 8, 10,
                12, 5, 6, 7, 8);
    }

    @Test
    void batchOfTwoAndOfZero() {
        Tensor x = f32(shape(2, 1, 3), 1, 2, 3, -1, -2, -3);
        Tensor w = f32(shape(1, 1, 2), 1, 1);
        assertValues(eval(Conv.plain(1), x, w), shape(2, 1, 2), 3, 5, -3, -5);
        assertValues(eval(Conv.plain(1), f32(shape(0, 1, 3)), w), shape(0, 1, 2));
    }

    @Test
    void zeroDimensionalIsAPerPositionProduct() {
        Tensor x = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor w = f32(shape(2, 3), 1, 0, 0, 1, 1, 1);
        assertValues(eval(Conv.plain(0), x, w, f32(shape(2), 0, 100)), shape(2, 2), 1, 106, 4, 115);
    }

    @Test
    void emptyInputSpatialAxisLeavesOnlyBias() {
        Conv padded = conv1d(1, 1, 1, 1, 1);
        assertValues(eval(padded, f32(shape(1, 1, 0)), f32(shape(1, 1, 1), 5), f32(shape(1), 2)), shape(1, 1, 2), 2,
                2);
    }

    @Test
    void accumulatesInDouble() {
        // In f32 arithmetic 1e8 + 1 rounds back to 1e8 and the sum would be 0.
        Tensor x = f32(shape(1, 1, 3), 1e8, 1, -1e8);
        assertValues(eval(Conv.plain(1), x, f32(shape(1, 1, 3), 1, 1, 1)), shape(1, 1, 1), 1);
    }

    @Test
    void paddingContributesNothingEvenAgainstAnInfiniteWeight() {
        Tensor w = f32(shape(1, 1, 3), Double.POSITIVE_INFINITY, 1, 0);
        assertValues(eval(conv1d(1, 1, 1, 1, 1), f32(shape(1, 1, 1), 2), w), shape(1, 1, 1), 2);
        // Inside the input the usual IEEE rules hold: 0·inf is NaN.
        assertValues(eval(Conv.plain(1), f32(shape(1, 1, 3), 0, 1, 1), w), shape(1, 1, 1), Double.NaN);
    }

    @Test
    void matchesTheDefinitionOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 300; trial++) {
            int s = 1 + random.nextInt(3);
            int groups = 1 + random.nextInt(3);
            int channels = groups * (1 + random.nextInt(2));
            int outChannels = groups * (1 + random.nextInt(2));
            List<Integer> strides = new ArrayList<>();
            List<Integer> padsBegin = new ArrayList<>();
            List<Integer> padsEnd = new ArrayList<>();
            List<Integer> dilations = new ArrayList<>();
            int[] xs = {1 + random.nextInt(2), channels, 0, 0, 0};
            int[] ws = {outChannels, channels / groups, 0, 0, 0};
            for (int d = 0; d < s; d++) {
                strides.add(1 + random.nextInt(3));
                dilations.add(1 + random.nextInt(3));
                padsBegin.add(random.nextInt(3));
                padsEnd.add(random.nextInt(3));
                ws[d + 2] = 1 + random.nextInt(3);
                int span = dilations.get(d) * (ws[d + 2] - 1) + 1;
                int minIn = Math.max(0, span - padsBegin.get(d) - padsEnd.get(d));
                xs[d + 2] = minIn + random.nextInt(6);
            }
            Conv op = new Conv(strides, padsBegin, padsEnd, dilations, groups);
            Tensor x = random(Arrays.copyOf(xs, s + 2), random);
            Tensor w = random(Arrays.copyOf(ws, s + 2), random);
            Tensor b = random(new int[] {outChannels}, random);
            Tensor got = eval(op, x, w, b);
            Tensor want = definition(op, x, w, b, got.shape());
            assertClose(got, want.shape(), 1e-12, want.toDoubleArray());
        }
    }

    private static Tensor random(int[] shape, SplittableRandom random) {
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setDouble(i, random.nextInt(-4, 5));
        }
        return t;
    }

    /** The textbook formula, one output element at a time, with the padding as an explicit bounds test. */
    private static Tensor definition(Conv op, Tensor x, Tensor w, Tensor b, int[] outShape) {
        int s = op.spatialRank();
        Tensor out = Tensor.zeros(DType.F64, outShape);
        int[] xs = x.shape();
        int[] ws = w.shape();
        int cg = ws[1];
        int og = ws[0] / op.groups();
        int[] o = new int[outShape.length];
        for (int flat = 0; flat < out.size(); flat++) {
            Index.unravel(flat, outShape, o);
            int g = o[1] / og;
            double acc = b.getDouble(o[1]);
            int[] k = new int[s];
            int taps = 1;
            for (int d = 0; d < s; d++) {
                taps *= ws[d + 2];
            }
            for (int c = 0; c < cg; c++) {
                for (int t = 0; t < taps; t++) {
                    Index.unravel(t, Arrays.copyOfRange(ws, 2, ws.length), k);
                    long xi = (long) o[0] * xs[1] + g * cg + c;
                    long wi = (long) o[1] * cg + c;
                    boolean inside = true;
                    for (int d = 0; d < s; d++) {
                        int p = o[d + 2] * op.strides().get(d) + k[d] * op.dilations().get(d) - op.padsBegin().get(d);
                        inside &= p >= 0 && p < xs[d + 2];
                        xi = xi * xs[d + 2] + p;
                        wi = wi * ws[d + 2] + k[d];
                    }
                    if (inside) {
                        acc += x.getDouble(xi) * w.getDouble(wi);
                    }
                }
            }
            out.setDouble(flat, acc);
        }
        assertEquals(DType.F64, out.dtype());
        return out;
    }
}
