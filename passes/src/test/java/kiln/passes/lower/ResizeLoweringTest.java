package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.graph.Graph;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Resize in every mode, coordinate mapping and rounding, on random shapes with random sizes or scales: the
 * lowered program against the reference, and bit for bit, since both sum the same taps in the same order.
 */
@Covers(Resize.class)
class ResizeLoweringTest {
    private static final long SEED = 6800;

    /** A random resize of {@code in}: each axis kept, or resized to a size, or by a scale (the product may have a fraction). */
    private static Resize random(SplittableRandom r, int[] in, ResizeMode mode, ResizeCoordinates c) {
        int rank = in.length;
        int[] sizes = new int[rank];
        List<Double> scales = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    sizes[d] = in[d];
                    scales.add(1.0);
                }
                case 1 -> {
                    sizes[d] = r.nextInt(1, 12);
                    scales.add((double) sizes[d] / in[d]);
                }
                default -> {
                    double s = (double) (float) (r.nextInt(1, 40) / 10.0);
                    sizes[d] = (int) Math.floor(in[d] * s);
                    scales.add(s);
                }
            }
        }
        List<Double> roi = new ArrayList<>();
        if (c == ResizeCoordinates.TF_CROP_AND_RESIZE) {
            for (int i = 0; i < 2 * rank; i++) {
                roi.add(i < rank ? r.nextInt(-3, 6) / 10.0 : r.nextInt(5, 14) / 10.0);
            }
        }
        NearestRounding n = NearestRounding.values()[r.nextInt(NearestRounding.values().length)];
        double a = r.nextBoolean() ? Resize.DEFAULT_CUBIC_A : -0.5;
        return new Resize(mode, c, n, a, r.nextBoolean(), Shape.of(sizes), scales, roi, r.nextInt(-5, 5) / 2.0);
    }

    @Test
    void everyModeAndMapping() {
        int trial = 0;
        for (ResizeMode mode : ResizeMode.values()) {
            for (ResizeCoordinates c : ResizeCoordinates.values()) {
                for (int k = 0; k < 6; k++, trial++) {
                    long seed = SEED + trial;
                    SplittableRandom r = new SplittableRandom(seed);
                    int[] in = RandomTensors.shape(r, r.nextInt(1, 5), 7);
                    Resize op = random(r, in, mode, c);
                    DType d = mode == ResizeMode.NEAREST && k % 3 == 2 ? DType.I64 : k % 2 == 0 ? DType.F32 : DType.F64;
                    checkBits(op, RandomTensors.of(TensorType.of(d, in), r), seed);
                }
            }
        }
    }

    @Test
    void outputsWithNoElements() {
        Resize op = Resize.to(ResizeMode.CUBIC, ResizeCoordinates.HALF_PIXEL, Shape.of(3, 4), Shape.of(0, 6));
        Differential.checkOp(op, List.of(TensorType.of(DType.F32, 3, 4)), new SplittableRandom(SEED), SEED);
    }

    /** The differential check, then the same outputs byte for byte. */
    private static void checkBits(Resize op, Tensor x, long seed) {
        Differential.checkOp(op, List.of(x), seed);
        Graph g = Differential.oneNode(op, List.of(Differential.typeOf(x)));
        Program p = Lowering.lower(g, Map.of());
        Tensor want = ReferenceInterpreter.run(g, Map.of(), Map.of("in0", x)).get("y0");
        Tensor got = new LoopInterpreter().run(p, Map.of("in0", x)).get("y0");
        assertArrayEquals(want.data().toArray(ValueLayout.JAVA_BYTE), got.data().toArray(ValueLayout.JAVA_BYTE),
                () -> op + " on " + Differential.typeOf(x) + ", seed " + seed);
    }
}
