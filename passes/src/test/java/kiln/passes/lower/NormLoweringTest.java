package kiln.passes.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.LayerNorm;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

@Covers({BatchNorm.class, LayerNorm.class, InstanceNorm.class, GroupNorm.class})
class NormLoweringTest {
    private static final long SEED = 6300;

    /** x with a large common offset, where single-pass or f32 statistics would lose the small variance. */
    private static Tensor offsetInput(SplittableRandom r, DType d, int[] shape) {
        Tensor x = RandomTensors.of(d, r, shape);
        double offset = r.nextBoolean() ? 0 : 300;
        for (int i = 0; i < x.size(); i++) {
            x.setDouble(i, x.getDouble(i) + offset);
        }
        return x;
    }

    private static Tensor positive(SplittableRandom r, int c) {
        Tensor v = RandomTensors.of(DType.F32, r, c);
        for (int i = 0; i < c; i++) {
            v.setDouble(i, Math.abs(v.getDouble(i)) + 0.5);
        }
        return v;
    }

    @Test
    void batchNorm() {
        for (int trial = 0; trial < 20; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] shape = RandomTensors.shape(r, r.nextInt(2, 5), 7);
            int c = shape[1];
            Differential.checkOp(new BatchNorm(1e-5), List.of(offsetInput(r, DType.F32, shape),
                    RandomTensors.of(DType.F32, r, c), RandomTensors.of(DType.F32, r, c),
                    RandomTensors.of(DType.F32, r, c), positive(r, c)), seed);
        }
    }

    @Test
    void layerNormOverAnyAxes() {
        for (int trial = 0; trial < 40; trial++) {
            long seed = SEED + 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = trial % 5 == 4 ? DType.F64 : DType.F32;
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 9);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
                if (r.nextInt(3) == 0 || (a == rank - 1 && axes.isEmpty())) {
                    axes.add(r.nextBoolean() ? a : a - rank);
                }
            }
            List<Tensor> in = new ArrayList<>(List.of(offsetInput(r, d, shape)));
            int params = r.nextInt(3);
            for (int p = 0; p < params; p++) {
                // A parameter over the normalised axes (trailing form), or a broadcastable shape.
                int[] ps = shape.clone();
                for (int a = 0; a < rank; a++) {
                    if (r.nextBoolean()) {
                        ps[a] = 1;
                    }
                }
                in.add(RandomTensors.of(d, r, Arrays.copyOfRange(ps, r.nextInt(rank + 1), rank)));
            }
            Differential.checkOp(new LayerNorm(axes, 1e-5), in, seed);
        }
    }

    @Test
    void instanceAndGroupNorm() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + 200 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = trial % 5 == 4 ? DType.F64 : DType.F32;
            int groups = RandomTensors.size(r, 5);
            int[] shape = RandomTensors.shape(r, r.nextInt(3, 5), 7);
            shape[1] = groups * RandomTensors.size(r, 3);
            List<Tensor> in = new ArrayList<>(List.of(offsetInput(r, d, shape)));
            if (r.nextBoolean()) {
                in.add(RandomTensors.of(d, r, shape[1]));
                in.add(RandomTensors.of(d, r, shape[1]));
            }
            Differential.checkOp(new GroupNorm(groups, 1e-5), in, seed);
            Differential.checkOp(new InstanceNorm(1e-3), in, seed);
        }
    }
}
