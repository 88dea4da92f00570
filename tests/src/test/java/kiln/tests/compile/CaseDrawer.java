package kiln.tests.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.tests.compile.OpCase.Input;
import kiln.tests.compile.OpCase.Operand;
import kiln.tests.compile.OpCase.Param;

/** What the case generators share: the random source, the sizes to draw from, helpers that draw shapes and operands. */
class CaseDrawer {
    final SplittableRandom r;
    final OpCases.Sizes sizes;

    CaseDrawer(SplittableRandom r, OpCases.Sizes sizes) {
        this.r = r;
        this.sizes = sizes;
    }

    int outer() {
        return sizes.outer()[r.nextInt(sizes.outer().length)];
    }

    int inner() {
        return sizes.inner()[r.nextInt(sizes.inner().length)];
    }

    /** The symbolic batch a third of the time, else {@code n}. */
    int batchOr(int n) {
        return r.nextInt(3) == 0 ? Shape.BATCH : n;
    }

    @SafeVarargs
    final <T> T any(T... values) {
        return values[r.nextInt(values.length)];
    }

    double signed() {
        return r.nextInt(-40, 41) / 16.0;
    }

    TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    /** A shape of {@code rank} axes (the first maybe the batch), the last one inner-sized. */
    TensorType shape(DType dtype, int rank) {
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = i == rank - 1 ? inner() : outer();
        }
        if (rank >= 2) {
            dims[0] = batchOr(dims[0]);
        }
        return TensorType.of(dtype, dims);
    }

    TensorType f32Shape() {
        return shape(DType.F32, r.nextInt(1, 5));
    }

    Input in(TensorType t) {
        return new Input(t);
    }

    Param param(String role, int... dims) {
        return new Param(role, f32(dims));
    }

    /** A weight as a parameter (a constant the compiler may pack) or, now and then, as a model input. */
    Operand weight(String role, int... dims) {
        return r.nextInt(4) == 0 ? in(f32(dims)) : param(role, dims);
    }

    List<Integer> ints(int n, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(from, to));
        }
        return out;
    }

    /** {@code t}'s shape with a random suffix kept and some of its axes made 1: something that broadcasts to it. */
    int[] broadcastable(TensorType t) {
        int[] dims = t.shape().dims();
        int keep = r.nextInt(dims.length + 1);
        int[] tail = java.util.Arrays.copyOfRange(dims, dims.length - keep, dims.length);
        for (int i = 0; i < tail.length; i++) {
            if (tail[i] == Shape.BATCH || r.nextInt(3) == 0) {
                tail[i] = 1;
            }
        }
        return tail;
    }

    static int[] staticDims(TensorType t) {
        return t.shape().bindBatch(2).dims();
    }

    /** {@code [N, C, spatial...]}: the batch or a small size, a few channels, the last axis inner-sized. */
    int[] channelsShape(int rank) {
        int[] dims = new int[rank];
        dims[0] = batchOr(outer());
        dims[1] = any(1, 2, 3, 4, 6);
        for (int i = 2; i < rank; i++) {
            dims[i] = i == rank - 1 ? inner() : outer();
        }
        return dims;
    }
}
