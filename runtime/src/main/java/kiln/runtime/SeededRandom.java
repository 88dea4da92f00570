package kiln.runtime;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic random tensors, seeded by a name. The compiler (default weights, random inputs of
 * {@code kiln run}) and compiled jars (random inputs) share this one definition, so a jar run without
 * {@code --input} sees exactly the inputs {@code kiln run} would use.
 */
public final class SeededRandom {
    private SeededRandom() {
    }

    /** A 64-bit FNV-1a hash of the name's UTF-8 bytes, mixed with {@code seed}. */
    public static long seedOf(String name, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * A tensor whose elements are drawn uniformly from [lo, hi) (floats, complex parts), from
     * {@code [0, 10)} for integers, and from {false, true} for bools, using a generator seeded by
     * {@code name} and {@code seed}.
     */
    public static Tensor uniform(String name, long seed, DType dtype, int[] shape, double lo, double hi) {
        Tensor t = Tensor.zeros(dtype, shape);
        SplittableRandom random = new SplittableRandom(seedOf(name, seed));
        for (long i = 0; i < t.size(); i++) {
            switch (dtype) {
                case F32, F64 -> t.setDouble(i, lo + (hi - lo) * random.nextDouble());
                case C64 -> t.setComplex(i, lo + (hi - lo) * random.nextDouble(), lo + (hi - lo) * random.nextDouble());
                case I64, I32, I8 -> t.setLong(i, random.nextInt(10));
                case BOOL -> t.setLong(i, random.nextBoolean() ? 1 : 0);
            }
        }
        return t;
    }

    /** The input a model gets for {@code name} when none is given: uniform in [-1, 1), seed 0. */
    public static Tensor input(String name, DType dtype, int[] shape) {
        return uniform(name, 0, dtype, shape, -1, 1);
    }
}
