package kiln.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Constant tensors survive print and parse bit for bit, whatever their values. */
class ConstantRoundTripTest {
    private static final ValueLayout.OfInt F32_BITS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong F64_BITS =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int[] F32_SPECIALS = {
        0x00000000, 0x80000000, // +0.0, -0.0
        0x00000001, 0x80000001, 0x007fffff, 0x00400000, // subnormals
        0x00800000, 0x7f7fffff, 0xff7fffff, // smallest normal, largest finite
        0x7f800000, 0xff800000, // infinities
        0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0x7fbfffff, 0xffffffff, // NaNs, quiet and signalling
        0x3f800000, 0x3dcccccd, 0x4b800001, 0x33800000 // 1.0, 0.1f, 2^24 + 2, 2^-24
    };
    private static final long[] F64_SPECIALS = {
        0L, 0x8000000000000000L, 1L, 0x000fffffffffffffL, 0x0010000000000000L, 0x7fefffffffffffffL,
        0xffefffffffffffffL, 0x7ff0000000000000L, 0xfff0000000000000L, 0x7ff8000000000000L, 0xfff8000000000000L,
        0x7ff0000000000001L, 0x7ff8000000000001L, 0x3fb999999999999aL, 0x3ff0000000000001L
    };

    @Test
    void f32SpecialValues() {
        Tensor t = Tensor.zeros(DType.F32, F32_SPECIALS.length);
        for (int i = 0; i < F32_SPECIALS.length; i++) {
            t.data().setAtIndex(F32_BITS, i, F32_SPECIALS[i]);
        }
        Tensor back = roundTrip(t);
        for (int i = 0; i < F32_SPECIALS.length; i++) {
            assertEquals(Integer.toHexString(F32_SPECIALS[i]),
                    Integer.toHexString(back.data().getAtIndex(F32_BITS, i)), "element " + i);
        }
    }

    @Test
    void f64SpecialValues() {
        Tensor t = Tensor.zeros(DType.F64, F64_SPECIALS.length);
        for (int i = 0; i < F64_SPECIALS.length; i++) {
            t.data().setAtIndex(F64_BITS, i, F64_SPECIALS[i]);
        }
        Tensor back = roundTrip(t);
        for (int i = 0; i < F64_SPECIALS.length; i++) {
            assertEquals(Long.toHexString(F64_SPECIALS[i]), Long.toHexString(back.data().getAtIndex(F64_BITS, i)),
                    "element " + i);
        }
    }

    @Test
    void specialSpellings() {
        String text = print(Tensor.ofFloats(new int[] {5}, -0.0f, Float.NaN, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, Float.intBitsToFloat(0x7fc00001)));
        assertTrue(text.contains("{value=f32[5] [-0.0, nan, -inf, 1.4E-45, nan(0x7fc00001)]}"), text);
    }

    /** Random bit patterns, so every class of float (and every NaN payload) is likely to appear. */
    @Test
    void randomBitPatternsOfEveryDtype() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            for (DType d : DType.values()) {
                int n = random.nextInt(0, 64);
                Tensor t = Tensor.zeros(d, n);
                long bytes = t.data().byteSize();
                for (long i = 0; i < bytes; i++) {
                    byte b = (byte) random.nextInt();
                    t.data().set(ValueLayout.JAVA_BYTE, i, d == DType.BOOL ? (byte) (b & 1) : b);
                }
                Tensor back = roundTrip(t);
                assertTrue(t.contentEquals(back), "seed " + seed + ", " + d + ":\n" + print(t));
            }
        }
    }

    @Test
    void extremeIntegers() {
        Tensor i64 = Tensor.ofLongs(new int[] {4}, Long.MIN_VALUE, Long.MAX_VALUE, -1, 0);
        assertTrue(i64.contentEquals(roundTrip(i64)));
        Tensor i32 = Tensor.ofInts(new int[] {2, 1}, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertTrue(i32.contentEquals(roundTrip(i32)));
    }

    @Test
    void scalarsAndEmptyTensors() {
        for (Tensor t : new Tensor[] {Tensor.of(DType.F64, new int[0], Math.PI), Tensor.of(DType.C64, new int[0], 1, -2),
                Tensor.of(DType.BOOL, new int[0], 1), Tensor.zeros(DType.F32, 0), Tensor.zeros(DType.I8, 3, 0, 2)}) {
            assertTrue(t.contentEquals(roundTrip(t)), print(t));
        }
        assertTrue(print(Tensor.of(DType.F64, new int[0], 0.25)).contains("{value=f64[] 0.25}"));
        assertTrue(print(Tensor.of(DType.C64, new int[0], 1, -2)).contains("{value=c64[] [1.0, -2.0]}"));
    }

    @Test
    void handWrittenValuesRoundToNearest() {
        Graph g = IrParser.parse("""
                graph g {
                  %c = constant {value=f32[4] [0.1, 16777217, 1e-46, -7]}
                  %s = constant {value=f32[] [2.5]}
                  output c = %c
                  output s = %s
                }
                """, "t.kir");
        Tensor c = ((Constant) g.nodes().get(0).op()).value();
        assertEquals(0.1f, c.getFloat(0));
        assertEquals(16777216f, c.getFloat(1));
        assertEquals(0, Float.floatToRawIntBits(c.getFloat(2)), "underflows to +0.0");
        assertEquals(-7f, c.getFloat(3));
        assertEquals(2.5f, ((Constant) g.nodes().get(1).op()).value().getFloat(0));
    }

    private static String print(Tensor t) {
        GraphBuilder b = new GraphBuilder("c");
        b.output("y", b.add(new Constant(t)));
        return IrPrinter.print(b.build());
    }

    private static Tensor roundTrip(Tensor t) {
        String text = print(t);
        Graph g = IrParser.parse(text, "constant.kir");
        assertEquals(text, IrPrinter.print(g));
        return ((Constant) g.nodes().getFirst().op()).value();
    }
}
