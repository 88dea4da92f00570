package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Conv;
import kiln.ir.graph.IrException;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

@Covers(Conv.class)
class ConvLoweringTest {
    private static final long SEED = 6100;

    /** A random well-typed convolution of the given spatial rank, with its input types. */
    private static List<TensorType> randomConv(SplittableRandom r, int rank, DType d, Conv[] op) {
        while (true) {
            int groups = switch (r.nextInt(4)) {
                case 0, 1 -> 1;
                case 2 -> r.nextInt(2, 4);
                default -> 0;
            };
            int perGroup = RandomTensors.size(r, 3);
            int outPerGroup = RandomTensors.size(r, 3);
            if (groups == 0) {
                // Depthwise: one input channel per group.
                groups = RandomTensors.size(r, 5);
                perGroup = 1;
            }
            List<Integer> strides = new ArrayList<>();
            List<Integer> begin = new ArrayList<>();
            List<Integer> end = new ArrayList<>();
            List<Integer> dilations = new ArrayList<>();
            int[] x = new int[rank + 2];
            int[] w = new int[rank + 2];
            x[0] = r.nextInt(1, 3);
            x[1] = groups * perGroup;
            w[0] = groups * outPerGroup;
            w[1] = perGroup;
            for (int i = 0; i < rank; i++) {
                strides.add(r.nextInt(1, 4));
                dilations.add(r.nextInt(1, 3));
                begin.add(r.nextInt(0, 3));
                end.add(r.nextInt(0, 3));
                x[2 + i] = RandomTensors.size(r, 13);
                w[2 + i] = r.nextInt(1, 6);
            }
            try {
                Conv c = new Conv(strides, begin, end, dilations, groups);
                List<TensorType> types = new ArrayList<>(List.of(TensorType.of(d, x), TensorType.of(d, w)));
                if (r.nextBoolean()) {
                    types.add(TensorType.of(d, w[0]));
                }
                c.inferTypes(types);
                op[0] = c;
                return types;
            } catch (IrException e) {
                // The window does not fit; draw again.
            }
        }
    }

    @Test
    void randomConvolutions() {
        for (int trial = 0; trial < 120; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = trial % 4 == 3 ? 3 : trial % 3;
            DType d = trial % 10 == 9 ? DType.F64 : DType.F32;
            Conv[] op = new Conv[1];
            List<TensorType> types = randomConv(r, rank, d, op);
            Differential.checkOp(op[0], types, r, seed);
        }
    }

    @Test
    void infiniteWeightsDoNotTurnPaddingIntoNaN() {
        Conv c = new Conv(List.of(1), List.of(2), List.of(2), List.of(1), 1);
        Tensor x = Tensor.ofFloats(new int[] {1, 1, 3}, 1, 2, 3);
        Tensor w = Tensor.ofFloats(new int[] {1, 1, 3}, Float.POSITIVE_INFINITY, 1, 1);
        Differential.checkOp(c, List.of(x, w), 0);
    }

    @Test
    void longOneDimensionalAndPointwise() {
        SplittableRandom r = new SplittableRandom(SEED + 500);
        // A causal long convolution: the filter as long as the sequence, padded on the left only.
        Conv causal = new Conv(List.of(1), List.of(63), List.of(0), List.of(1), 3);
        Differential.checkOp(causal, List.of(TensorType.of(DType.F32, 1, 3, 64), TensorType.of(DType.F32, 3, 1, 64)), r,
                SEED + 500);
        Differential.checkOp(Conv.plain(2), List.of(TensorType.of(DType.F32, 2, 16, 5, 5),
                TensorType.of(DType.F32, 8, 16, 1, 1), TensorType.of(DType.F32, 8)), r, SEED + 500);
        // More taps than ConvCompute.LONG_SUM: the sum runs in f64.
        Differential.checkOp(Conv.plain(1), List.of(TensorType.of(DType.F32, 1, 2, 10005),
                TensorType.of(DType.F32, 3, 2, 10000), TensorType.of(DType.F32, 3)), r, SEED + 500);
    }
}
