package kiln.passes.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import org.junit.jupiter.api.Test;

@Covers({MatMul.class, Gemm.class, Linear.class})
class MatMulLoweringTest {
    private static final long SEED = 6200;
    private static final List<DType> TYPES = List.of(DType.F32, DType.F32, DType.F64, DType.I32, DType.I64, DType.I8);

    @Test
    void matmulWithBroadcastAndPromotion() {
        for (int trial = 0; trial < 60; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = TYPES.get(trial % TYPES.size());
            int m = RandomTensors.size(r, 9);
            int k = RandomTensors.size(r, 17);
            int n = RandomTensors.size(r, 9);
            int batchRank = r.nextInt(0, 3);
            int[] batch = RandomTensors.shape(r, batchRank, 4);
            int[] a = r.nextInt(6) == 0 ? new int[] {k} : operand(r, batch, m, k);
            int[] b = r.nextInt(6) == 0 ? new int[] {k} : operand(r, batch, k, n);
            Differential.checkOp(new MatMul(), List.of(TensorType.of(d, a), TensorType.of(d, b)), r, seed);
        }
    }

    /** batch (each axis possibly 1 or dropped) + [rows, cols]. */
    private static int[] operand(SplittableRandom r, int[] batch, int rows, int cols) {
        int[] own = batch.clone();
        for (int i = 0; i < own.length; i++) {
            if (r.nextInt(3) == 0) {
                own[i] = 1;
            }
        }
        own = Arrays.copyOfRange(own, r.nextInt(own.length + 1), own.length);
        int[] out = Arrays.copyOf(own, own.length + 2);
        out[own.length] = rows;
        out[own.length + 1] = cols;
        return out;
    }

    @Test
    void gemm() {
        for (int trial = 0; trial < 60; trial++) {
            long seed = SEED + 1000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = TYPES.get(trial % TYPES.size());
            int m = RandomTensors.size(r, 9);
            int k = RandomTensors.size(r, 17);
            int n = RandomTensors.size(r, 9);
            boolean ta = r.nextBoolean();
            boolean tb = r.nextBoolean();
            double alpha = r.nextBoolean() ? 1 : r.nextBoolean() ? 2 : 0.75;
            double beta = r.nextBoolean() ? 1 : r.nextBoolean() ? -3 : 0.5;
            List<TensorType> types = new ArrayList<>();
            types.add(TensorType.of(d, ta ? new int[] {k, m} : new int[] {m, k}));
            types.add(TensorType.of(d, tb ? new int[] {n, k} : new int[] {k, n}));
            int[][] cShapes = {{}, {n}, {m, 1}, {1, n}, {m, n}, {1}};
            if (r.nextInt(4) != 0) {
                types.add(TensorType.of(d, cShapes[r.nextInt(cShapes.length)]));
            }
            Differential.checkOp(new Gemm(alpha, beta, ta, tb), types, r, seed);
        }
    }

    @Test
    void linear() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + 2000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = trial % 5 == 4 ? DType.F64 : DType.F32;
            int in = RandomTensors.size(r, 17);
            int out = RandomTensors.size(r, 11);
            int[] x = RandomTensors.shape(r, r.nextInt(1, 4), 5);
            x[x.length - 1] = in;
            List<TensorType> types = new ArrayList<>(List.of(TensorType.of(d, x), TensorType.of(d, out, in)));
            if (r.nextBoolean()) {
                types.add(TensorType.of(d, out));
            }
            Differential.checkOp(new Linear(), types, r, seed);
        }
    }

    @Test
    void longDotProductStaysWithinTheBar() {
        SplittableRandom r = new SplittableRandom(SEED + 3000);
        Differential.checkOp(new MatMul(), List.of(TensorType.of(DType.F32, 3, 20000), TensorType.of(DType.F32, 20000, 2)),
                r, SEED + 3000);
    }
}
