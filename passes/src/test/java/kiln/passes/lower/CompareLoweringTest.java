package kiln.passes.lower;

import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Covers({Compare.class, Where.class})
class CompareLoweringTest {
    private static final long SEED = 6700;
    private static final List<DType> NUMBERS = List.of(DType.F32, DType.F64, DType.I64, DType.I32, DType.I8);

    /** Two broadcast shapes: the second a random suffix of the first, some axes made 1. */
    private static int[][] broadcastPair(SplittableRandom r) {
        int[] a = RandomTensors.shape(r, r.nextInt(0, 5), 9);
        int keep = r.nextInt(a.length + 1);
        int[] b = java.util.Arrays.copyOfRange(a, a.length - keep, a.length);
        for (int i = 0; i < b.length; i++) {
            if (r.nextInt(3) == 0) {
                b[i] = 1;
            }
        }
        return r.nextBoolean() ? new int[][] {a, b} : new int[][] {b, a};
    }

    /** Small integers and a few special floats, so that equality and ties happen often. */
    private static Tensor values(DType d, int[] shape, SplittableRandom r) {
        Tensor t = Tensor.zeros(d, shape);
        double[] specials = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (long i = 0; i < t.size(); i++) {
            if (d.isFloat() && r.nextInt(4) == 0) {
                t.setDouble(i, specials[r.nextInt(specials.length)]);
            } else if (d == DType.BOOL) {
                t.setLong(i, r.nextInt(2));
            } else {
                t.setLong(i, r.nextInt(-3, 4));
            }
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(CompareFn.class)
    void compareWithBroadcastingNanAndSignedZero(CompareFn fn) {
        for (int trial = 0; trial < 20; trial++) {
            long seed = SEED + fn.ordinal() * 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[][] shapes = broadcastPair(r);
            DType d = NUMBERS.get(trial % NUMBERS.size());
            Differential.checkOp(new Compare(fn), List.of(values(d, shapes[0], r), values(d, shapes[1], r)), seed);
        }
    }

    @Test
    void equalityOfBools() {
        for (CompareFn fn : List.of(CompareFn.EQUAL, CompareFn.NOT_EQUAL)) {
            long seed = SEED + 900 + fn.ordinal();
            SplittableRandom r = new SplittableRandom(seed);
            Differential.checkOp(new Compare(fn), List.of(values(DType.BOOL, new int[] {3, 5}, r),
                    values(DType.BOOL, new int[] {5}, r)), seed);
        }
    }

    /** Every dtype, c64 included, with the three inputs broadcast in every combination of ranks. */
    @Test
    void whereSelectsEveryDtype() {
        List<DType> types = List.of(DType.F32, DType.C64, DType.I64, DType.BOOL, DType.I8, DType.F64, DType.I32);
        for (int trial = 0; trial < 40; trial++) {
            long seed = SEED + 1000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] full = RandomTensors.shape(r, r.nextInt(0, 5), 7);
            DType d = types.get(trial % types.size());
            Tensor cond = values(DType.BOOL, suffix(full, r), r);
            Tensor x = RandomTensors.of(TensorType.of(d, suffix(full, r)), r);
            Tensor y = RandomTensors.of(TensorType.of(d, suffix(full, r)), r);
            Differential.checkOp(new Where(), List.of(cond, x, y), seed);
        }
    }

    private static int[] suffix(int[] full, SplittableRandom r) {
        int keep = r.nextInt(full.length + 1);
        int[] s = java.util.Arrays.copyOfRange(full, full.length - keep, full.length);
        for (int i = 0; i < s.length; i++) {
            if (r.nextInt(3) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }
}
