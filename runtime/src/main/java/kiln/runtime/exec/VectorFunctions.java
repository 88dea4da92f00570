package kiln.runtime.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small vector helpers generated kernels call: lane masks of guards, index maps of strided accesses, and
 * masked gathers and scatters that check only the lanes that are set. They are small enough for the JIT to
 * inline into the kernel; larger vector functions (erf, floor, …) are written into the kernels themselves.
 */
public final class VectorFunctions {
    private VectorFunctions() {
    }

    /**
     * The lanes {@code i} with {@code i < limit}: the mask of a guard {@code base + i < bound} is
     * {@code lanesBelow(bound - base)}, computed in long so no subtraction overflows.
     */
    public static VectorMask<Float> lanesBelow(VectorSpecies<Float> species, long limit) {
        return species.indexInRange(0, (int) Math.max(0, Math.min(limit, species.length())));
    }

    /** The index map {@code {0, stride, 2·stride, …}} of {@code lanes} entries for strided gathers and scatters. */
    public static int[] strideMap(int stride, int lanes) {
        int[] map = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            map[i] = stride * i;
        }
        return map;
    }

    // The JDK's masked gathers and scatters check the index of every lane, set or not (a FIXME in
    // FloatVector.fromArray0Template), so a partial last vector of a strided access would throw. These check
    // only the lanes that are set, and take the intrinsic path when all are.

    /** {@code FloatVector.fromArray(s, a, offset, map, 0, m)}, checking only the lanes of m. */
    public static FloatVector gather(VectorSpecies<Float> s, float[] a, int offset, int[] map, VectorMask<Float> m) {
        if (m.allTrue()) {
            return FloatVector.fromArray(s, a, offset, map, 0);
        }
        FloatVector v = FloatVector.zero(s);
        for (int i = 0; i < s.length(); i++) {
            if (m.laneIsSet(i)) {
                v = v.withLane(i, a[offset + map[i]]);
            }
        }
        return v;
    }

    /** {@code IntVector.fromArray(s, a, offset, map, 0, m)}, checking only the lanes of m. */
    public static IntVector gather(VectorSpecies<Integer> s, int[] a, int offset, int[] map, VectorMask<Integer> m) {
        if (m.allTrue()) {
            return IntVector.fromArray(s, a, offset, map, 0);
        }
        IntVector v = IntVector.zero(s);
        for (int i = 0; i < s.length(); i++) {
            if (m.laneIsSet(i)) {
                v = v.withLane(i, a[offset + map[i]]);
            }
        }
        return v;
    }

    /** {@code v.intoArray(a, offset, map, 0, m)}, checking only the lanes of m. */
    public static void scatter(FloatVector v, float[] a, int offset, int[] map, VectorMask<Float> m) {
        if (m.allTrue()) {
            v.intoArray(a, offset, map, 0);
            return;
        }
        for (int i = 0; i < v.length(); i++) {
            if (m.laneIsSet(i)) {
                a[offset + map[i]] = v.lane(i);
            }
        }
    }

    /** {@code v.intoArray(a, offset, map, 0, m)}, checking only the lanes of m. */
    public static void scatter(IntVector v, int[] a, int offset, int[] map, VectorMask<Integer> m) {
        if (m.allTrue()) {
            v.intoArray(a, offset, map, 0);
            return;
        }
        for (int i = 0; i < v.length(); i++) {
            if (m.laneIsSet(i)) {
                a[offset + map[i]] = v.lane(i);
            }
        }
    }
}
