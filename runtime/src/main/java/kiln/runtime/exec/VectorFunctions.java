package kiln.runtime.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small vector helpers generated kernels call: lane masks of guards, index maps of strided accesses, the
 * constant shuffles and masks of stride-2 loads, and masked gathers and scatters that check only the lanes
 * that are set. They are small enough for the JIT to inline into the kernel; larger vector functions (erf,
 * floor, …) are written into the kernels themselves.
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

    // A load at stride 2 is two contiguous loads, at base and at base + lanes - 1, which together hold the
    // elements base + 2i: the first at its even lanes (i < lanes/2), the second at its odd lanes (i >= lanes/2).
    // Generated kernels pick them with these constant shuffles and join the halves with upperHalf; under a
    // lane mask, spread and parity give the lanes each load must read.

    /**
     * The shuffle whose lane i takes lane {@code (2i + first) mod lanes}: with first 0, the even lanes of a
     * vector in its lower half; with first 1, its odd lanes in its upper half.
     */
    public static VectorShuffle<Float> everyOther(VectorSpecies<Float> s, int first) {
        int lanes = s.length();
        return VectorShuffle.fromOp(s, i -> (2 * i + first) % lanes);
    }

    /** The shuffle whose lane j takes lane {@code (j + first) / 2}: lanes first/2, first/2 + 1, … each twice. */
    public static VectorShuffle<Float> spread(VectorSpecies<Float> s, int first) {
        return VectorShuffle.fromOp(s, j -> (j + first) / 2);
    }

    /** The lanes i with {@code i mod 2 == parity}. */
    public static VectorMask<Float> parity(VectorSpecies<Float> s, int parity) {
        boolean[] bits = new boolean[s.length()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = i % 2 == parity;
        }
        return VectorMask.fromArray(s, bits, 0);
    }

    /** The lanes i with {@code i >= lanes / 2}. */
    public static VectorMask<Float> upperHalf(VectorSpecies<Float> s) {
        return s.indexInRange(s.length() / 2, s.length()).not();
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
