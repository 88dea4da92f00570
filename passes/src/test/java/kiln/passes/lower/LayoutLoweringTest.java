package kiln.passes.lower;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

@Covers({Transpose.class, Split.class, Concat.class, Slice.class, Pad.class, Gather.class, GatherElements.class})
class LayoutLoweringTest {
    private static final long SEED = 6600;
    /** Layout ops move bits, so every dtype, c64 and bool included, must come through exactly. */
    private static final List<DType> TYPES = List.of(DType.F32, DType.C64, DType.I64, DType.BOOL, DType.I8, DType.F64,
            DType.I32);

    @Test
    void transpose() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(0, 6);
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                perm.add(i);
            }
            Collections.shuffle(perm, new java.util.Random(seed));
            DType d = TYPES.get(trial % TYPES.size());
            Differential.checkOp(new Transpose(perm), List.of(TensorType.of(d, RandomTensors.shape(r, rank, 6))), r, seed);
        }
    }

    @Test
    void splitAndConcat() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + 100 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 7);
            int axis = r.nextInt(-rank, rank);
            int a = axis < 0 ? axis + rank : axis;
            DType d = TYPES.get(trial % TYPES.size());
            List<Integer> sizes = new ArrayList<>();
            int left = shape[a];
            while (left > 0) {
                int piece = r.nextInt(0, left + 1);
                sizes.add(piece);
                left -= piece;
            }
            if (sizes.isEmpty()) {
                sizes.add(0);
            }
            Differential.checkOp(new Split(axis, sizes), List.of(TensorType.of(d, shape)), r, seed);
            List<TensorType> parts = new ArrayList<>();
            for (int k = 0; k < r.nextInt(1, 5); k++) {
                int[] p = shape.clone();
                p[a] = r.nextInt(0, 5);
                parts.add(TensorType.of(d, p));
            }
            Differential.checkOp(new Concat(axis), parts, r, seed);
        }
    }

    @Test
    void sliceWithNegativeAndClampedBounds() {
        for (int trial = 0; trial < 60; trial++) {
            long seed = SEED + 200 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 11);
            List<Integer> starts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            List<Integer> axes = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
                if (r.nextBoolean()) {
                    axes.add(r.nextBoolean() ? a : a - rank);
                    starts.add(r.nextInt(-15, 15));
                    ends.add(r.nextInt(4) == 0 ? Integer.MAX_VALUE : r.nextInt(-15, 15));
                    int step = r.nextInt(1, 4);
                    steps.add(r.nextBoolean() ? step : -step);
                }
            }
            DType d = TYPES.get(trial % TYPES.size());
            Differential.checkOp(new Slice(starts, ends, axes, steps), List.of(TensorType.of(d, shape)), r, seed);
        }
    }

    @Test
    void padInEveryMode() {
        int checked = 0;
        for (int trial = 0; checked < 90; trial++) {
            long seed = SEED + 300 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 7);
            List<Integer> begin = new ArrayList<>();
            List<Integer> end = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
                begin.add(r.nextInt(-2, 4));
                end.add(r.nextInt(-2, 4));
            }
            PadMode mode = PadMode.values()[trial % 3];
            DType d = TYPES.get(trial % TYPES.size());
            Pad op = new Pad(mode, begin, end, r.nextBoolean() ? 0 : -1.5);
            try {
                op.inferTypes(List.of(TensorType.of(d, shape)));
            } catch (IrException e) {
                continue;
            }
            Differential.checkOp(op, List.of(TensorType.of(d, shape)), r, seed);
            checked++;
        }
    }

    @Test
    void gatherWithNegativeIndices() {
        for (int trial = 0; trial < 30; trial++) {
            long seed = SEED + 400 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 4);
            int[] shape = RandomTensors.shape(r, rank, 7);
            int axis = r.nextInt(-rank, rank);
            int len = shape[axis < 0 ? axis + rank : axis];
            DType d = TYPES.get(trial % TYPES.size());
            DType it = trial % 2 == 0 ? DType.I64 : DType.I32;
            int[] ishape = RandomTensors.shape(r, r.nextInt(0, 3), 5);
            Tensor indices = Tensor.zeros(it, ishape);
            for (int i = 0; i < indices.size(); i++) {
                indices.setLong(i, r.nextInt(-len, len));
            }
            Differential.checkOp(new Gather(axis), List.of(RandomTensors.of(TensorType.of(d, shape), r), indices), seed);
        }
    }

    @Test
    void gatherElementsWithNegativeIndices() {
        for (int trial = 0; trial < 40; trial++) {
            long seed = SEED + 500 + trial;
            SplittableRandom r = new SplittableRandom(seed);
            int rank = r.nextInt(1, 5);
            int[] shape = RandomTensors.shape(r, rank, 7);
            int axis = r.nextInt(-rank, rank);
            int a = axis < 0 ? axis + rank : axis;
            int[] ishape = new int[rank];
            for (int i = 0; i < rank; i++) {
                ishape[i] = i == a ? r.nextInt(0, 9) : r.nextInt(0, shape[i] + 1);
            }
            DType d = TYPES.get(trial % TYPES.size());
            Tensor indices = Tensor.zeros(trial % 2 == 0 ? DType.I64 : DType.I32, ishape);
            for (int i = 0; i < indices.size(); i++) {
                indices.setLong(i, r.nextInt(-shape[a], shape[a]));
            }
            Tensor data = RandomTensors.of(TensorType.of(d, shape), r);
            Differential.checkOp(new GatherElements(axis), List.of(data, indices), seed);
        }
    }

    @Test
    void gatherElementsOutOfRangeFailsAtRunTime() {
        Tensor data = Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4);
        Tensor indices = Tensor.ofLongs(new int[] {1, 2}, 0, -3);
        var g = Differential.oneNode(new GatherElements(1), List.of(Differential.typeOf(data),
                Differential.typeOf(indices)));
        var p = Lowering.lower(g, java.util.Map.of());
        org.junit.jupiter.api.Assertions.assertThrows(kiln.ir.loop.LoopInterpreter.Trap.class,
                () -> new kiln.ir.loop.LoopInterpreter().run(p, java.util.Map.of("in0", data, "in1", indices)));
    }

    @Test
    void gatherOutOfRangeFailsAtRunTime() {
        Tensor data = Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
        Tensor indices = Tensor.ofLongs(new int[] {1}, 3);
        var g = Differential.oneNode(new Gather(0), List.of(Differential.typeOf(data), Differential.typeOf(indices)));
        var p = Lowering.lower(g, java.util.Map.of());
        org.junit.jupiter.api.Assertions.assertThrows(kiln.ir.loop.LoopInterpreter.Trap.class,
                () -> new kiln.ir.loop.LoopInterpreter().run(p, java.util.Map.of("in0", data, "in1", indices)));
    }
}
