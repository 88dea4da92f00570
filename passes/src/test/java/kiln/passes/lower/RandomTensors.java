package kiln.passes.lower;

import java.util.SplittableRandom;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** Seeded random tensors and shapes for the differential tests. */
final class RandomTensors {
    /** Sizes that catch most indexing mistakes: 1, primes, and sizes off a power of two. */
    static final int[] SIZES = {1, 2, 3, 5, 7, 11, 13, 17, 6, 9, 15};

    private RandomTensors() {
    }

    /** A tensor of type {@code t}: floats standard normal, integers in [-20, 20], bools fair. */
    static Tensor of(TensorType t, SplittableRandom r) {
        int[] shape = t.shape().dims();
        Tensor x = Tensor.zeros(t.dtype(), shape);
        for (long i = 0; i < x.size(); i++) {
            switch (t.dtype()) {
                case F32, F64 -> x.setDouble(i, gaussian(r));
                case C64 -> x.setComplex(i, gaussian(r), gaussian(r));
                case I64, I32, I8 -> x.setLong(i, r.nextInt(-20, 21));
                case BOOL -> x.setLong(i, r.nextInt(2));
            }
        }
        return x;
    }

    static Tensor of(DType d, SplittableRandom r, int... shape) {
        return of(TensorType.of(d, shape), r);
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** A size from {@link #SIZES}, at most {@code max}. */
    static int size(SplittableRandom r, int max) {
        int s;
        do {
            s = SIZES[r.nextInt(SIZES.length)];
        } while (s > max);
        return s;
    }

    /** A random shape of the given rank with sizes from {@link #SIZES} up to {@code max}. */
    static int[] shape(SplittableRandom r, int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = size(r, max);
        }
        return d;
    }
}
