package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

@Covers({Reduce.class, Softmax.class})
class ReduceLoweringTest {
    private static final long SEED = 6500;
    private static final List<DType> TYPES = List.of(DType.F32, DType.F64, DType.I32, DType.I64, DType.I8, DType.F32);

    @Test
    void reductionsOverRandomAxes() {
        for (int trial = 0; trial < 80; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(0, 5);
            int[] shape = RandomTensors.shape(r, rank, 9);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
                if (r.nextInt(3) == 0) {
                    axes.add(r.nextBoolean() ? a : a - rank);
                }
            }
            ReduceKind kind = ReduceKind.values()[trial % 4];
            DType d = TYPES.get(trial % TYPES.size());
            if (kind == ReduceKind.SUM && r.nextInt(5) == 0 && rank > 0) {
                // The sum of an empty slice is 0.
                shape[rank - 1] = 0;
            }
            Differential.checkOp(new Reduce(kind, axes, r.nextBoolean()), List.of(TensorType.of(d, shape)), r, seed);
        }
    }

    @Test
    void integerMeanDividesTheUnwrappedSum() {
        Tensor x = Tensor.zeros(DType.I32, 4);
        for (int i = 0; i < 4; i++) {
            x.setLong(i, Integer.MAX_VALUE - i);
        }
        Differential.checkOp(new Reduce(ReduceKind.MEAN, List.of(), false), List.of(x), 0);
    }

    @Test
    void softmaxOverAnyAxis() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + 500 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 11);
            int axis = r.nextInt(-rank, rank);
            DType d = trial % 4 == 3 ? DType.F64 : DType.F32;
            Tensor x = RandomTensors.of(d, r, shape);
            for (int i = 0; i < x.size(); i++) {
                x.setDouble(i, 20 * x.getDouble(i));
            }
            Differential.checkOp(new Softmax(axis), List.of(x), seed);
        }
    }

    @Test
    void softmaxOfInfinitiesIsNaNAsInTheReference() {
        Tensor x = Tensor.ofFloats(new int[] {3, 2}, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY, 1, 2, Float.NEGATIVE_INFINITY);
        Differential.checkOp(new Softmax(-1), List.of(x), 0);
    }
}
