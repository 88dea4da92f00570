package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

@Covers({Pool.class, GlobalPool.class})
class PoolLoweringTest {
    private static final long SEED = 6400;

    @Test
    void randomWindows() {
        int checked = 0;
        for (int trial = 0; checked < 150; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = 1 + trial % 3;
            List<Integer> kernel = new ArrayList<>();
            List<Integer> strides = new ArrayList<>();
            List<Integer> begin = new ArrayList<>();
            List<Integer> end = new ArrayList<>();
            List<Integer> dilations = new ArrayList<>();
            int[] x = new int[rank + 2];
            x[0] = r.nextInt(1, 3);
            x[1] = RandomTensors.size(r, 5);
            for (int i = 0; i < rank; i++) {
                kernel.add(r.nextInt(1, 5));
                strides.add(r.nextInt(1, 4));
                dilations.add(r.nextInt(4) == 0 ? 2 : 1);
                begin.add(r.nextInt(0, 3));
                end.add(r.nextInt(0, 3));
                x[2 + i] = RandomTensors.size(r, 13);
            }
            PoolKind kind = r.nextBoolean() ? PoolKind.MAX : PoolKind.AVG;
            DType d = trial % 7 == 6 ? DType.F64 : DType.F32;
            Pool op;
            try {
                op = new Pool(kind, kernel, strides, begin, end, dilations, r.nextBoolean(), r.nextBoolean());
                op.inferTypes(List.of(TensorType.of(d, x)));
            } catch (IrException e) {
                continue;
            }
            Differential.checkOp(op, List.of(TensorType.of(d, x)), r, seed);
            checked++;
        }
    }

    @Test
    void maxPoolPropagatesNaNAndPrefersPositiveZero() {
        Tensor x = Tensor.ofFloats(new int[] {1, 1, 6}, -0f, 0f, Float.NaN, 1, -0f, -0f);
        Differential.checkOp(Pool.of(PoolKind.MAX, List.of(2), List.of(2)), List.of(x), 0);
    }

    @Test
    void globalPools() {
        for (int trial = 0; trial < 20; trial++) {
            long seed = SEED + 1000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] shape = RandomTensors.shape(r, r.nextInt(3, 6), 9);
            DType d = trial % 4 == 3 ? DType.F64 : DType.F32;
            for (PoolKind kind : PoolKind.values()) {
                Differential.checkOp(new GlobalPool(kind), List.of(TensorType.of(d, shape)), r, seed);
            }
        }
        // A large plane whose sum in f32 would drift.
        SplittableRandom r = new SplittableRandom(SEED + 1100);
        Tensor x = RandomTensors.of(DType.F32, r, 1, 2, 300, 300);
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, x.getDouble(i) + 10);
        }
        Differential.checkOp(new GlobalPool(PoolKind.AVG), List.of(x), SEED + 1100);
    }
}
