package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.graph.TensorType;
import kiln.ir.interp.Erf;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

class LoopInterpreterTest {
    private static final ScalarType F32 = ScalarType.F32;
    private static final ScalarType I32 = ScalarType.I32;
    private static final Expr.Var I = new Expr.Var("i", I32);

    private static Buffer global(String name, ScalarType t, long size) {
        return new Buffer(name, t, size, Buffer.Scope.GLOBAL);
    }

    private static Expr i32(long v) {
        return new Expr.IntImm(I32, v);
    }

    private static Expr f32(double v) {
        return new Expr.FloatImm(F32, v);
    }

    private static Expr load(Buffer b, Expr i) {
        return new Expr.Load(b, i);
    }

    private static Expr bin(BinOp op, Expr a, Expr b) {
        return new Expr.Bin(op, a, b);
    }

    private static Stmt loop(int n, Stmt body) {
        return new Stmt.For(I, i32(n), LoopKind.SERIAL, body);
    }

    /** out[i] = f(a[i], b[i]) over n elements of type t, run on the given arrays. */
    private static Object map2(ScalarType t, ScalarType outType, BinOp op, Object a, Object b, int n) {
        Buffer x = global("x", t, n);
        Buffer y = global("y", t, n);
        Buffer out = global("out", outType, n);
        Kernel k = new Kernel("map2", List.of(x, y, out),
                loop(n, new Stmt.Store(out, I, bin(op, load(x, I), load(y, I)))));
        Object o = LoopInterpreter.newArray(outType, n);
        new LoopInterpreter().run(k, Map.of(x, a, y, b, out, o));
        return o;
    }

    @Test
    void f32ArithmeticRoundsEveryStep() {
        float a = 1.1f;
        float b = 3.3f;
        float[] out = (float[]) map2(F32, F32, BinOp.MUL, new float[] {a}, new float[] {b}, 1);
        assertEquals(a * b, out[0]);
        float[] div = (float[]) map2(F32, F32, BinOp.DIV, new float[] {1f, 0f, -1f}, new float[] {3f, 0f, 0f}, 3);
        assertArrayEquals(new float[] {1f / 3f, Float.NaN, Float.NEGATIVE_INFINITY}, div);
        // (x*y)+z rounded twice differs from fma rounded once.
        Buffer x = global("x", F32, 1);
        Buffer out2 = global("out", F32, 2);
        Expr v = load(x, i32(0));
        Kernel k = new Kernel("fma", List.of(x, out2), Stmt.seq(
                new Stmt.Store(out2, i32(0), bin(BinOp.ADD, bin(BinOp.MUL, v, v), f32(-1))),
                new Stmt.Store(out2, i32(1), new Expr.Fma(v, v, f32(-1)))));
        float p = 1 + 0x1p-12f;
        float[] r = new float[2];
        new LoopInterpreter().run(k, Map.of(x, new float[] {p}, out2, r));
        assertEquals(p * p - 1, r[0]);
        assertEquals(Math.fma(p, p, -1f), r[1]);
        assertTrue(r[0] != r[1]);
    }

    @Test
    void minAndMaxFollowJava() {
        float[] max = (float[]) map2(F32, F32, BinOp.MAX, new float[] {-0f, Float.NaN, 1}, new float[] {0f, 1, 2}, 3);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(max[0]));
        assertTrue(Float.isNaN(max[1]));
        assertEquals(2f, max[2]);
    }

    @Test
    void integerArithmeticWrapsAtItsWidth() {
        byte[] sum = (byte[]) map2(ScalarType.I8, ScalarType.I8, BinOp.ADD, new byte[] {127, -128}, new byte[] {1, -1}, 2);
        assertArrayEquals(new byte[] {-128, 127}, sum);
        int[] mul = (int[]) map2(I32, I32, BinOp.MUL, new int[] {1 << 30}, new int[] {4}, 1);
        assertArrayEquals(new int[] {0}, mul);
        int[] div = (int[]) map2(I32, I32, BinOp.DIV, new int[] {-7, 7, Integer.MIN_VALUE}, new int[] {2, -2, -1}, 3);
        assertArrayEquals(new int[] {-3, -3, Integer.MIN_VALUE}, div);
        int[] floorDiv = (int[]) map2(I32, I32, BinOp.FLOORDIV, new int[] {-7, 7}, new int[] {2, -2}, 2);
        assertArrayEquals(new int[] {-4, -4}, floorDiv);
        int[] mod = (int[]) map2(I32, I32, BinOp.MOD, new int[] {-7, 7}, new int[] {2, -2}, 2);
        assertArrayEquals(new int[] {1, -1}, mod);
        long[] pow = (long[]) map2(ScalarType.I64, ScalarType.I64, BinOp.POW, new long[] {3, 2}, new long[] {4, 64}, 2);
        assertArrayEquals(new long[] {81, 0}, pow);
    }

    @Test
    void comparisonsGiveBools() {
        byte[] lt = (byte[]) map2(F32, ScalarType.BOOL, BinOp.LT, new float[] {1, Float.NaN, 3}, new float[] {2, 1, 3}, 3);
        assertArrayEquals(new byte[] {1, 0, 0}, lt);
        byte[] ne = (byte[]) map2(F32, ScalarType.BOOL, BinOp.NE, new float[] {Float.NaN}, new float[] {Float.NaN}, 1);
        assertArrayEquals(new byte[] {1}, ne);
    }

    @Test
    void integerDivisionByZeroTraps() {
        var e = assertThrows(LoopInterpreter.Trap.class,
                () -> map2(I32, I32, BinOp.DIV, new int[] {1}, new int[] {0}, 1));
        assertTrue(e.getMessage().contains("map2") && e.getMessage().contains("division by zero"), e.getMessage());
        assertThrows(LoopInterpreter.Trap.class, () -> map2(I32, I32, BinOp.POW, new int[] {2}, new int[] {-1}, 1));
    }

    /** out[i] = convert(to, x[i]). */
    private static Object convert(ScalarType from, ScalarType to, Object in, int n) {
        Buffer x = global("x", from, n);
        Buffer out = global("out", to, n);
        Kernel k = new Kernel("convert", List.of(x, out),
                loop(n, new Stmt.Store(out, I, new Expr.Convert(to, load(x, I)))));
        Object o = LoopInterpreter.newArray(to, n);
        new LoopInterpreter().run(k, Map.of(x, in, out, o));
        return o;
    }

    @Test
    void convertFollowsTheCastRules() {
        double[] d = {Double.NaN, 1e300, -1e300, 2.9, -2.9, 300, 0.1};
        assertArrayEquals(new int[] {0, Integer.MAX_VALUE, Integer.MIN_VALUE, 2, -2, 300, 0},
                (int[]) convert(ScalarType.F64, I32, d, d.length));
        assertArrayEquals(new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, 2, -2, 300, 0},
                (long[]) convert(ScalarType.F64, ScalarType.I64, d, d.length));
        // i8 wraps the truncated value.
        assertArrayEquals(new byte[] {0, -1, 0, 2, -2, 44, 0},
                (byte[]) convert(ScalarType.F64, ScalarType.I8, d, d.length));
        assertArrayEquals(new byte[] {1, 1, 1, 1, 1, 1, 1},
                (byte[]) convert(ScalarType.F64, ScalarType.BOOL, d, d.length));
        assertArrayEquals(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2.9f, -2.9f, 300f, 0.1f},
                (float[]) convert(ScalarType.F64, F32, d, d.length));
        // A long rounds once to float, not via double.
        long big = (1L << 60) + (1L << 36) + 1;
        assertArrayEquals(new float[] {(float) big}, (float[]) convert(ScalarType.I64, F32, new long[] {big}, 1));
        assertArrayEquals(new byte[] {(byte) 300, 0, 1},
                (byte[]) convert(I32, ScalarType.I8, new int[] {300, 0, 1}, 3));
        assertArrayEquals(new byte[] {1, 0}, (byte[]) convert(I32, ScalarType.BOOL, new int[] {-5, 0}, 2));
    }

    @Test
    void transcendentalsRoundTheDoubleResult() {
        float[] x = {0.3f, -1.7f, 2.5f};
        for (UnOp op : List.of(UnOp.EXP, UnOp.TANH, UnOp.ERF, UnOp.SIN, UnOp.RINT)) {
            Buffer in = global("x", F32, 3);
            Buffer out = global("out", F32, 3);
            Kernel k = new Kernel("un", List.of(in, out), loop(3, new Stmt.Store(out, I, new Expr.Un(op, load(in, I)))));
            float[] r = new float[3];
            new LoopInterpreter().run(k, Map.of(in, x, out, r));
            for (int i = 0; i < 3; i++) {
                double v = x[i];
                double want = switch (op) {
                    case EXP -> Math.exp(v);
                    case TANH -> Math.tanh(v);
                    case ERF -> Erf.erf(v);
                    case SIN -> Math.sin(v);
                    default -> Math.rint(v);
                };
                assertEquals((float) want, r[i], op + " of " + v);
            }
        }
    }

    @Test
    void loadsAndStoresAreBoundsChecked() {
        Buffer x = global("src", F32, 4);
        Buffer out = global("dst", F32, 4);
        Kernel k = new Kernel("shift", List.of(x, out),
                loop(4, new Stmt.Store(out, I, load(x, bin(BinOp.ADD, I, i32(1))))));
        var e = assertThrows(LoopInterpreter.Trap.class,
                () -> new LoopInterpreter().run(k, Map.of(x, new float[4], out, new float[4])));
        assertTrue(e.getMessage().contains("shift") && e.getMessage().contains("src[4]"), e.getMessage());
        // The buffer's declared size bounds the access even when the array is longer.
        var e2 = assertThrows(LoopInterpreter.Trap.class,
                () -> new LoopInterpreter().run(k, Map.of(x, new float[8], out, new float[8])));
        assertTrue(e2.getMessage().contains("out of bounds [0, 4)"), e2.getMessage());
        Kernel neg = new Kernel("neg", List.of(x, out), new Stmt.Store(out, i32(-1), f32(0)));
        var e3 = assertThrows(LoopInterpreter.Trap.class,
                () -> new LoopInterpreter().run(neg, Map.of(x, new float[4], out, new float[4])));
        assertTrue(e3.getMessage().contains("dst[-1]"), e3.getMessage());
    }

    @Test
    void lanesIsConfigurable() {
        Buffer out = global("out", I32, 4);
        Kernel k = new Kernel("lanes", List.of(out), Stmt.seq(
                new Stmt.Store(out, i32(0), new Expr.Lanes(F32)),
                new Stmt.Store(out, i32(1), new Expr.Lanes(ScalarType.F64)),
                new Stmt.Store(out, i32(2), new Expr.Lanes(ScalarType.I8)),
                new Stmt.Store(out, i32(3), new Expr.Lanes(ScalarType.I64))));
        int[] r = new int[4];
        new LoopInterpreter().run(k, Map.of(out, r));
        assertArrayEquals(new int[] {16, 8, 64, 8}, r);
        new LoopInterpreter(4).run(k, Map.of(out, r));
        assertArrayEquals(new int[] {4, 2, 16, 2}, r);
    }

    @Test
    void localAccumulatorReduces() {
        // out[0] = sum of x in a local f64 accumulator; a Let binds the loaded value.
        Buffer x = global("x", F32, 5);
        Buffer out = global("out", F32, 1);
        Buffer acc = new Buffer("acc", ScalarType.F64, 1, Buffer.Scope.LOCAL);
        Expr.Var v = new Expr.Var("v", ScalarType.F64);
        Stmt body = new Stmt.Allocate(acc, Stmt.seq(
                new Stmt.Store(acc, i32(0), new Expr.FloatImm(ScalarType.F64, 0)),
                loop(5, new Stmt.Let(v, new Expr.Convert(ScalarType.F64, load(x, I)),
                        new Stmt.Store(acc, i32(0), bin(BinOp.ADD, load(acc, i32(0)), v)))),
                new Stmt.Store(out, i32(0), new Expr.Convert(F32, load(acc, i32(0))))));
        Kernel k = new Kernel("sum", List.of(x, out), body);
        float[] r = new float[1];
        new LoopInterpreter().run(k, Map.of(x, new float[] {1e8f, 1, 1, 1, -1e8f}, out, r));
        assertEquals(3f, r[0]);
    }

    @Test
    void unwrittenLocalsArePoisoned() {
        Buffer out = global("out", F32, 1);
        Buffer tmp = new Buffer("tmp", F32, 1, Buffer.Scope.LOCAL);
        Kernel k = new Kernel("poison", List.of(out),
                new Stmt.Allocate(tmp, new Stmt.Store(out, i32(0), load(tmp, i32(0)))));
        float[] r = {0};
        new LoopInterpreter().run(k, Map.of(out, r));
        assertTrue(Float.isNaN(r[0]));
    }

    @Test
    void selectAndLogicEvaluateLazily() {
        // x[i] is read only when i < 2, so the out-of-range positions never trap.
        Buffer x = global("x", F32, 2);
        Buffer out = global("out", F32, 4);
        Buffer flags = global("flags", ScalarType.BOOL, 4);
        Expr inside = bin(BinOp.LT, I, i32(2));
        Kernel k = new Kernel("guard", List.of(x, out, flags), loop(4, Stmt.seq(
                new Stmt.Store(out, I, new Expr.Select(inside, load(x, I), f32(-1))),
                new Stmt.Store(flags, I, bin(BinOp.AND, inside, bin(BinOp.LT, load(x, I), f32(5)))))));
        float[] r = new float[4];
        byte[] f = new byte[4];
        new LoopInterpreter().run(k, Map.of(x, new float[] {3, 7}, out, r, flags, f));
        assertArrayEquals(new float[] {3, 7, -1, -1}, r);
        assertArrayEquals(new byte[] {1, 0, 0, 0}, f);
    }

    @Test
    void illFormedKernelsAreRefusedBeforeRunning() {
        Buffer out = global("out", I32, 1);
        Kernel unbound = new Kernel("unbound", List.of(out), new Stmt.Store(out, i32(0), new Expr.Var("j", I32)));
        var e = assertThrows(IllegalArgumentException.class, () -> new LoopInterpreter().run(unbound, Map.of(out, new int[1])));
        assertTrue(e.getMessage().contains("unbound") && e.getMessage().contains("j"), e.getMessage());
        Buffer stray = global("stray", I32, 1);
        Kernel undeclared = new Kernel("undeclared", List.of(out), new Stmt.Store(stray, i32(0), i32(1)));
        assertThrows(IllegalArgumentException.class, () -> new LoopInterpreter().run(undeclared, Map.of(out, new int[1])));
        Kernel tooBig = new Kernel("big", List.of(out), new Stmt.Store(out, i32(0), new Expr.IntImm(I32, 1L << 40)));
        assertThrows(IllegalArgumentException.class, () -> new LoopInterpreter().run(tooBig, Map.of(out, new int[1])));
    }

    /** y = x * w + c, where w is a constant, through a temporary t. */
    private static Program affineProgram() {
        Program.Storage x = new Program.Storage("x", F32, 3, Program.Role.INPUT, null);
        Program.Storage w = new Program.Storage("w", F32, 3, Program.Role.CONSTANT,
                Tensor.ofFloats(new int[] {3}, 2, 3, 4));
        Program.Storage t = new Program.Storage("t", F32, 3, Program.Role.TEMP, null);
        Program.Storage y = new Program.Storage("y", F32, 3, Program.Role.OUTPUT, null);
        Buffer a = global("a", F32, 3);
        Buffer b = global("b", F32, 3);
        Buffer o = global("o", F32, 3);
        Kernel mul = new Kernel("mul", List.of(a, b, o), loop(3, new Stmt.Store(o, I, bin(BinOp.MUL, load(a, I), load(b, I)))));
        Kernel addOne = new Kernel("add_one", List.of(a, o), loop(3, new Stmt.Store(o, I, bin(BinOp.ADD, load(a, I), f32(1)))));
        TensorType type = TensorType.of(DType.F32, 3);
        return new Program("affine", List.of(x, w, t, y),
                List.of(new Program.Call(mul, List.of(x, w, t)), new Program.Call(addOne, List.of(t, y))),
                List.of(new Program.Binding("x", type, x)), List.of(new Program.Binding("y", type, y)));
    }

    @Test
    void runsAProgram() {
        Program p = affineProgram();
        Map<String, Tensor> out = new LoopInterpreter().run(p, Map.of("x", Tensor.ofFloats(new int[] {3}, 1, -1, 0.5f)));
        assertArrayEquals(new float[] {3, -2, 3}, out.get("y").toFloatArray());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LoopInterpreter().run(p, Map.of("x", Tensor.ofFloats(new int[] {2}, 1, 2))));
        assertTrue(e.getMessage().contains("input 'x' is f32[2]"), e.getMessage());
    }

    @Test
    void runsAProgramAtPlannedRegions() {
        Program p = affineProgram();
        Program.Storage t = p.storage().get(2);
        Program.Storage y = p.storage().get(3);
        float[] arena = (float[]) LoopInterpreter.newArray(F32, 8);
        // The output overwrites the temporary it is computed from, in place.
        Map<Program.Storage, LoopInterpreter.Region> plan = Map.of(
                t, new LoopInterpreter.Region(arena, 5), y, new LoopInterpreter.Region(arena, 5));
        Map<String, Tensor> out = new LoopInterpreter().run(p, Map.of("x", Tensor.ofFloats(new int[] {3}, 1, -1, 0.5f)), plan);
        assertArrayEquals(new float[] {3, -2, 3}, out.get("y").toFloatArray());
        assertEquals(3f, arena[5]);
        assertTrue(Float.isNaN(arena[4]));
    }

    @Test
    void writingAConstantTraps() {
        Program.Storage w = new Program.Storage("w", F32, 1, Program.Role.CONSTANT, Tensor.ofFloats(new int[] {1}, 2));
        Program.Storage y = new Program.Storage("y", F32, 1, Program.Role.OUTPUT, null);
        Buffer a = global("a", F32, 1);
        Buffer o = global("o", F32, 1);
        Kernel bad = new Kernel("clobber", List.of(a, o), Stmt.seq(
                new Stmt.Store(a, i32(0), f32(0)), new Stmt.Store(o, i32(0), f32(0))));
        Program p = new Program("bad", List.of(w, y), List.of(new Program.Call(bad, List.of(w, y))), List.of(),
                List.of(new Program.Binding("y", TensorType.of(DType.F32, 1), y)));
        var e = assertThrows(LoopInterpreter.Trap.class, () -> new LoopInterpreter().run(p, Map.of()));
        assertTrue(e.getMessage().contains("clobber") && e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void complexStorageHoldsFloatPairs() {
        Program.Storage x = new Program.Storage("x", F32, 4, Program.Role.INPUT, null);
        Program.Storage y = new Program.Storage("y", F32, 4, Program.Role.OUTPUT, null);
        Buffer a = global("a", F32, 4);
        Buffer o = global("o", F32, 4);
        // Conjugate: negate the odd (imaginary) halves.
        Expr odd = bin(BinOp.EQ, bin(BinOp.MOD, I, i32(2)), i32(1));
        Kernel conj = new Kernel("conj", List.of(a, o),
                loop(4, new Stmt.Store(o, I, new Expr.Select(odd, new Expr.Un(UnOp.NEG, load(a, I)), load(a, I)))));
        TensorType c = TensorType.of(DType.C64, 2);
        Program p = new Program("conj", List.of(x, y), List.of(new Program.Call(conj, List.of(x, y))),
                List.of(new Program.Binding("x", c, x)), List.of(new Program.Binding("y", c, y)));
        Tensor in = Tensor.of(DType.C64, new int[] {2}, 1, 2, -3, 4);
        Tensor out = new LoopInterpreter().run(p, Map.of("x", in)).get("y");
        assertEquals(DType.C64, out.dtype());
        assertEquals(-2, out.getImag(0));
        assertEquals(-3, out.getReal(1));
        assertEquals(-4, out.getImag(1));
    }
}
