package kiln.passes.lower;

import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;
import org.junit.jupiter.api.Test;

@Covers({ComplexPart.class, MakeComplex.class, Rfft.class, Irfft.class})
class ComplexLoweringTest {
    private static final long SEED = 6700;

    @Test
    void partsAndAssembly() {
        for (int trial = 0; trial < 10; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] shape = RandomTensors.shape(r, r.nextInt(0, 4), 7);
            Differential.checkOp(new ComplexPart(false), List.of(TensorType.of(DType.C64, shape)), r, seed);
            Differential.checkOp(new ComplexPart(true), List.of(TensorType.of(DType.C64, shape)), r, seed);
            int[] im = shape.clone();
            if (im.length > 0) {
                im[r.nextInt(im.length)] = 1;
            }
            Differential.checkOp(new MakeComplex(), List.of(TensorType.of(DType.F32, shape), TensorType.of(DType.F32, im)),
                    r, seed);
        }
    }

    @Test
    void complexArithmeticWithBroadcasting() {
        for (int trial = 0; trial < 10; trial++) {
            long seed = SEED + 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] shape = RandomTensors.shape(r, r.nextInt(1, 4), 7);
            int[] other = shape.clone();
            other[0] = 1;
            for (BinaryFn fn : List.of(BinaryFn.ADD, BinaryFn.SUB, BinaryFn.MUL, BinaryFn.DIV)) {
                Differential.checkOp(new Binary(fn), List.of(TensorType.of(DType.C64, shape),
                        TensorType.of(DType.C64, other)), r, seed);
            }
            Differential.checkOp(new Unary(UnaryFn.NEG), List.of(TensorType.of(DType.C64, shape)), r, seed);
            Differential.checkOp(new Unary(UnaryFn.CONJ), List.of(TensorType.of(DType.C64, shape)), r, seed);
        }
    }

    @Test
    void realTransformsCutAndPad() {
        for (int trial = 0; trial < 40; trial++) {
            long seed = SEED + 200 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int axes = 1 + trial % 3;
            int rank = axes + r.nextInt(0, 2);
            int[] shape = RandomTensors.shape(r, rank, 13);
            List<Integer> lengths = new java.util.ArrayList<>();
            for (int a = 0; a < axes; a++) {
                int len = shape[rank - axes + a];
                lengths.add(r.nextInt(3) == 0 ? Math.max(1, len + r.nextInt(-3, 4)) : len);
            }
            FftNorm norm = FftNorm.values()[trial % 3];
            Differential.checkOp(new Rfft(lengths, norm), List.of(TensorType.of(DType.F32, shape)), r, seed);
            Differential.checkOp(new Irfft(lengths, norm), List.of(TensorType.of(DType.C64, shape)), r, seed);
        }
    }

    @Test
    void longTransforms() {
        SplittableRandom r = new SplittableRandom(SEED + 300);
        Differential.checkOp(new Rfft(List.of(1000), FftNorm.BACKWARD), List.of(TensorType.of(DType.F32, 2, 1000)), r,
                SEED + 300);
        Differential.checkOp(new Irfft(List.of(1000), FftNorm.BACKWARD), List.of(TensorType.of(DType.C64, 2, 501)), r,
                SEED + 300);
        Differential.checkOp(new Irfft(List.of(257), FftNorm.ORTHO), List.of(TensorType.of(DType.C64, 1, 100)), r,
                SEED + 300);
    }
}
