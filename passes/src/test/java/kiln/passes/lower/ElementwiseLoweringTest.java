package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.loop.Program;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Covers({Unary.class, Binary.class, LeakyRelu.class, HardSigmoid.class, Clip.class, Shrink.class, StarRelu.class,
        Cast.class})
class ElementwiseLoweringTest {
    private static final long SEED = 6001;

    @ParameterizedTest
    @EnumSource(value = UnaryFn.class, names = "CONJ", mode = EnumSource.Mode.EXCLUDE)
    void unaryOnFloats(UnaryFn fn) {
        for (int trial = 0; trial < 6; trial++) {
            long seed = SEED + fn.ordinal() * 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = trial % 3 == 2 ? DType.F64 : DType.F32;
            int[] shape = RandomTensors.shape(r, r.nextInt(0, 4), 13);
            Tensor x = RandomTensors.of(d, r, shape);
            if (fn == UnaryFn.LOG || fn == UnaryFn.SQRT) {
                for (int i = 0; i < x.size(); i++) {
                    x.setDouble(i, Math.abs(x.getDouble(i)) + 0.01);
                }
            }
            Differential.checkOp(new Unary(fn), List.of(x), seed);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryFn.class, names = {"NEG", "ABS", "SIGN", "RELU"})
    void unaryOnIntegers(UnaryFn fn) {
        for (DType d : List.of(DType.I64, DType.I32, DType.I8)) {
            long seed = SEED + 50 + fn.ordinal();
            SplittableRandom r = new SplittableRandom(seed);
            Tensor x = RandomTensors.of(d, r, 3, 7);
            // Extremes of the type, where negation and abs wrap.
            x.setLong(0, d == DType.I8 ? Byte.MIN_VALUE : d == DType.I32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
            Differential.checkOp(new Unary(fn), List.of(x), seed);
        }
    }

    @Test
    void activationsAtSpecialValues() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f, -1e-40f, 30f,
            -30f, 88f, -88f, 100f, -100f, 3f, -3f, 1f, -1f};
        for (UnaryFn fn : List.of(UnaryFn.RELU, UnaryFn.SIGMOID, UnaryFn.SILU, UnaryFn.SOFTPLUS, UnaryFn.HARD_SWISH,
                UnaryFn.SIGN, UnaryFn.ABS, UnaryFn.NEG, UnaryFn.TANH, UnaryFn.ROUND, UnaryFn.FLOOR, UnaryFn.GELU_TANH)) {
            Differential.checkOp(new Unary(fn), List.of(Tensor.ofFloats(new int[] {special.length}, special)), 0);
        }
    }

    /** Shapes of two operands that broadcast: each axis of either may be 1 or missing. */
    private static List<int[]> broadcastPair(SplittableRandom r) {
        int rank = r.nextInt(0, 5);
        int[] out = RandomTensors.shape(r, rank, 7);
        int[] a = out.clone();
        int[] b = out.clone();
        for (int i = 0; i < rank; i++) {
            int pick = r.nextInt(4);
            if (pick == 0) {
                a[i] = 1;
            } else if (pick == 1) {
                b[i] = 1;
            }
        }
        int dropA = r.nextInt(rank + 1);
        int dropB = r.nextInt(rank + 1);
        return List.of(java.util.Arrays.copyOfRange(a, r.nextBoolean() ? 0 : dropA, rank),
                java.util.Arrays.copyOfRange(b, r.nextBoolean() ? 0 : dropB, rank));
    }

    @ParameterizedTest
    @EnumSource(BinaryFn.class)
    void binaryWithBroadcasting(BinaryFn fn) {
        List<DType> dtypes = new ArrayList<>(List.of(DType.F32, DType.F64, DType.I32, DType.I64, DType.I8));
        for (int trial = 0; trial < 10; trial++) {
            long seed = SEED + 1000 + fn.ordinal() * 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = dtypes.get(trial % dtypes.size());
            List<int[]> shapes = broadcastPair(r);
            Tensor a = RandomTensors.of(d, r, shapes.get(0));
            Tensor b = RandomTensors.of(d, r, shapes.get(1));
            if (d.isInteger() && (fn == BinaryFn.DIV || fn == BinaryFn.POW)) {
                for (int i = 0; i < b.size(); i++) {
                    long v = b.getLong(i);
                    b.setLong(i, fn == BinaryFn.POW ? Math.abs(v) % 5 : v == 0 ? 3 : v);
                }
            }
            if (d.isFloat() && fn == BinaryFn.POW) {
                for (int i = 0; i < a.size(); i++) {
                    a.setDouble(i, Math.abs(a.getDouble(i)) + 0.1);
                }
            }
            Differential.checkOp(new Binary(fn), List.of(a, b), seed);
        }
    }

    @Test
    void powEdgeCasesFollowC() {
        Tensor a = Tensor.ofFloats(new int[] {6}, 1, 1, -1, -1, 2, -2);
        Tensor b = Tensor.ofFloats(new int[] {6}, Float.NaN, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0.5f, 3);
        Differential.checkOp(new Binary(BinaryFn.POW), List.of(a, b), 0);
    }

    @Test
    void attributeActivations() {
        for (int trial = 0; trial < 8; trial++) {
            long seed = SEED + 2000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            DType d = trial % 2 == 0 ? DType.F32 : DType.F64;
            int[] shape = RandomTensors.shape(r, r.nextInt(1, 4), 11);
            Tensor x = RandomTensors.of(d, r, shape);
            Differential.checkOp(new LeakyRelu(r.nextDouble() * 0.3), List.of(x), seed);
            Differential.checkOp(new HardSigmoid(1.0 / 6, 0.5), List.of(x), seed);
            Differential.checkOp(new HardSigmoid(0.2, 0.5), List.of(x), seed);
            Differential.checkOp(new Clip(-0.3, 0.7), List.of(x), seed);
            Differential.checkOp(new Clip(Double.NEGATIVE_INFINITY, 0.1), List.of(x), seed);
            Differential.checkOp(new Clip(0, Double.POSITIVE_INFINITY), List.of(x), seed);
            Differential.checkOp(new Shrink(0.5, 0.5), List.of(x), seed);
            Differential.checkOp(new Shrink(0.1, 0), List.of(x), seed);
        }
    }

    @Test
    void integerClipUsesTheIntegersInsideTheBounds() {
        for (DType d : List.of(DType.I8, DType.I32, DType.I64)) {
            SplittableRandom r = new SplittableRandom(SEED + 2100);
            Tensor x = RandomTensors.of(d, r, 4, 5);
            Differential.checkOp(new Clip(-3.5, 7.2), List.of(x), SEED + 2100);
            Differential.checkOp(new Clip(0.2, 0.8), List.of(x), SEED + 2100);
            Differential.checkOp(new Clip(-1000, 1e30), List.of(x), SEED + 2100);
        }
    }

    @Test
    void starReluBroadcastsItsParameters() {
        for (int trial = 0; trial < 6; trial++) {
            long seed = SEED + 3000 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int[] shape = RandomTensors.shape(r, 3, 9);
            int[] scale = trial % 2 == 0 ? new int[] {1} : new int[] {shape[1], 1};
            Differential.checkOp(new StarRelu(), List.of(RandomTensors.of(DType.F32, r, shape),
                    RandomTensors.of(DType.F32, r, scale), RandomTensors.of(DType.F32, r, 1)), seed);
        }
    }

    @Test
    void castsBetweenEveryPairOfTypes() {
        List<DType> all = List.of(DType.F32, DType.F64, DType.I64, DType.I32, DType.I8, DType.BOOL);
        for (DType from : all) {
            for (DType to : List.of(DType.F32, DType.F64, DType.I64, DType.I32, DType.I8, DType.BOOL, DType.C64)) {
                long seed = SEED + 4000 + from.ordinal() * 10 + to.ordinal();
                SplittableRandom r = new SplittableRandom(seed);
                Tensor x = RandomTensors.of(from, r, 5, 3);
                if (from.isFloat()) {
                    double[] special = {Double.NaN, 1e300, -1e300, 300.7, -129.5, 2.5, -0.0, 3e9, -3e9};
                    for (int i = 0; i < special.length; i++) {
                        x.setDouble(i, special[i]);
                    }
                }
                Differential.checkOp(new Cast(to), List.of(x), seed);
            }
        }
        SplittableRandom r = new SplittableRandom(SEED + 4100);
        Differential.checkOp(new Cast(DType.C64), List.of(RandomTensors.of(DType.C64, r, 4)), SEED + 4100);
    }

    @Test
    void sameShapeElementwiseIsOneFlatLoop() {
        Program p = Lowering.lower(Differential.oneNode(new Unary(UnaryFn.RELU),
                List.of(TensorType.of(DType.F32, 2, 3, 5))), java.util.Map.of());
        assertEquals(1, p.calls().size());
        kiln.ir.loop.Stmt body = p.calls().getFirst().kernel().body();
        kiln.ir.loop.Stmt.For loop = (kiln.ir.loop.Stmt.For) body;
        assertEquals(new kiln.ir.loop.Expr.IntImm(kiln.ir.loop.ScalarType.I32, 30), loop.extent());
        assertEquals(false, loop.body() instanceof kiln.ir.loop.Stmt.For);
    }
}
