package kiln.passes.lower;

import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import org.junit.jupiter.api.Test;

/** Tensors with an axis of size 0, wherever an op accepts them: no element is read or written out of bounds. */
class EmptyTensorLoweringTest {
    private static final long SEED = 6950;

    private static void check(Op op, TensorType... types) {
        Differential.checkOp(op, List.of(types), new SplittableRandom(SEED), SEED);
    }

    private static TensorType f32(int... dims) {
        return TensorType.of(DType.F32, dims);
    }

    @Test
    void emptyAxes() {
        check(new Unary(UnaryFn.GELU), f32(3, 0, 2));
        check(new Binary(BinaryFn.ADD), f32(0, 4), f32(1, 4));
        check(new Cast(DType.C64), f32(0));
        check(new Transpose(List.of(2, 0, 1)), f32(2, 0, 3));
        check(new Pad(PadMode.CONSTANT, List.of(1, 0), List.of(2, 1), 7), f32(0, 3));
        check(new Concat(0), f32(0, 3), f32(2, 3), f32(0, 3));
        check(new Reduce(ReduceKind.SUM, List.of(1), false), f32(3, 0, 2));
        check(new Reduce(ReduceKind.MAX, List.of(1), true), f32(0, 4));
        check(new Softmax(1), f32(0, 5));
        check(new LayerNorm(List.of(-1), 1e-5), f32(0, 6));
        check(new GroupNorm(2, 1e-5), f32(0, 4, 3));
        // An empty contraction sums nothing: the product is zero (plus the bias).
        check(new MatMul(), f32(3, 0), f32(0, 4));
        check(new MatMul(), f32(0, 5), f32(5, 2));
        check(new Linear(), f32(4, 0), f32(3, 0), f32(3));
        check(Conv.plain(1), f32(0, 2, 5), f32(3, 2, 2));
        check(new Gather(1), TensorType.of(DType.I32, 2, 5), TensorType.of(DType.I64, 0));
        check(new Compare(CompareFn.LESS), f32(0, 3), f32(3));
        check(new Where(), TensorType.of(DType.BOOL, 2, 0), f32(1), f32(2, 1));
        check(new GatherElements(0), f32(3, 4), TensorType.of(DType.I64, 0, 4));
        check(Resize.to(ResizeMode.LINEAR, ResizeCoordinates.HALF_PIXEL, Shape.of(0, 4), Shape.of(0, 7)), f32(0, 4));
    }
}
