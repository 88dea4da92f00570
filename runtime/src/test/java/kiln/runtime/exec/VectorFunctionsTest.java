package kiln.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The small vector helpers of generated kernels, the float erf's corners, integer powers, the width choice. */
class VectorFunctionsTest {
    private static final VectorSpecies<Float> F = VectorWidth.F32;

    @Test
    void floatErfCorners() {
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(FloatErf.erf(-0f)));
        assertEquals(1f, FloatErf.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatErf.erf(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FloatErf.erf(3.92f));
        assertTrue(Float.isNaN(FloatErf.erf(Float.NaN)));
        assertEquals(-FloatErf.erf(0.3f), FloatErf.erf(-0.3f));
        assertEquals(-FloatErf.erf(1.3f), FloatErf.erf(-1.3f));
        assertEquals(-FloatErf.erf(2.3f), FloatErf.erf(-2.3f));
    }

    @Test
    void maskedGatherAndScatterTouchOnlySetLanes() {
        float[] a = new float[10];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        int[] map = VectorFunctions.strideMap(3, F.length());
        VectorMask<Float> two = VectorFunctions.lanesBelow(F, 2);
        FloatVector v = VectorFunctions.gather(F, a, 4, map, two);
        assertEquals(4f, v.lane(0));
        assertEquals(7f, v.lane(1));
        float[] out = new float[10];
        VectorFunctions.scatter(v, out, 1, map, two);
        assertArrayEquals(new float[] {0, 4, 0, 0, 7, 0, 0, 0, 0, 0}, out);
        assertThrows(IndexOutOfBoundsException.class,
                () -> VectorFunctions.gather(F, a, 4, map, VectorFunctions.lanesBelow(F, 3)));
    }

    @Test
    void lanesBelowClampsItsLimit() {
        assertEquals(0, VectorFunctions.lanesBelow(F, Long.MIN_VALUE).trueCount());
        assertEquals(0, VectorFunctions.lanesBelow(F, -3).trueCount());
        assertEquals(1, VectorFunctions.lanesBelow(F, 1).trueCount());
        assertEquals(F.length(), VectorFunctions.lanesBelow(F, Long.MAX_VALUE).trueCount());
    }

    @Test
    void integerPowerWraps() {
        assertEquals(1, IntMath.pow(0, 0));
        assertEquals(-27, IntMath.pow(-3, 3));
        assertEquals(0, IntMath.pow(2, 64));
        assertThrows(ArithmeticException.class, () -> IntMath.pow(2, -1));
    }

    @Test
    void widthChoice() {
        assertEquals(256, VectorWidth.chooseBits(null, 256));
        assertEquals(512, VectorWidth.chooseBits(" ", 2048));
        assertEquals(128, VectorWidth.chooseBits(null, 64));
        assertEquals(128, VectorWidth.chooseBits("128", 512));
        assertThrows(IllegalStateException.class, () -> VectorWidth.chooseBits("1024", 512));
    }
}
