package kiln.tests.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.IrException;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unsqueeze;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.tests.compile.OpCase.Const;
import kiln.tests.compile.OpCase.Operand;

/** Cases of the ops that move, select or convert elements: reshapes, transposes, slices, gathers, casts, resizes. */
final class LayoutCases extends CaseDrawer {
    LayoutCases(SplittableRandom r, OpCases.Sizes sizes) {
        super(r, sizes);
    }

    OpCase reshape() {
        TensorType x = f32Shape();
        int[] dims = staticDims(x);
        long n = 1;
        for (int i = x.shape().isBatch(0) ? 1 : 0; i < dims.length; i++) {
            n *= dims[i];
        }
        int first = 1;
        for (int f : new int[] {2, 3, 5, 7}) {
            if (n % f == 0 && r.nextBoolean()) {
                first = f;
                break;
            }
        }
        Shape target = x.shape().isBatch(0) ? Shape.of(Shape.BATCH, first, (int) (n / first))
                : Shape.of(first, (int) (n / first));
        return OpCase.of(new Reshape(target), in(x));
    }

    OpCase transpose() {
        TensorType x = shape(any(DType.F32, DType.F32, DType.I64, DType.BOOL), r.nextInt(1, 5));
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            perm.add(i);
        }
        Collections.shuffle(perm, new Random(r.nextLong()));
        return OpCase.of(new Transpose(perm), in(x));
    }

    OpCase squeeze() {
        int[] dims = {outer(), 1, inner(), 1};
        List<Integer> axes = r.nextBoolean() ? List.of() : any(List.of(1), List.of(3), List.of(-1, 1));
        return OpCase.of(new Squeeze(axes), in(f32(dims)));
    }

    OpCase split() {
        TensorType x = f32Shape();
        int axis = r.nextInt(x.rank());
        if (x.shape().isBatch(axis)) {
            throw new IrException("not across the batch");
        }
        int d = x.dim(axis);
        int first = r.nextInt(0, d + 1);
        List<Integer> parts = r.nextBoolean() || d - first < 2 ? List.of(first, d - first)
                : List.of(first, 1, d - first - 1);
        return OpCase.of(new Split(axis - (r.nextBoolean() ? x.rank() : 0), parts), in(x));
    }

    OpCase concat() {
        TensorType x = shape(any(DType.F32, DType.F32, DType.I32), r.nextInt(1, 5));
        int axis = r.nextInt(x.rank());
        if (x.shape().isBatch(axis)) {
            throw new IrException("not across the batch");
        }
        List<Operand> ins = new ArrayList<>();
        for (int i = 0; i < r.nextInt(2, 4); i++) {
            ins.add(in(x.withShape(x.shape().withDim(axis, any(1, 2, 3, 5)))));
        }
        return new OpCase(new Concat(axis - (r.nextBoolean() ? x.rank() : 0)), ins);
    }

    OpCase slice() {
        TensorType x = f32Shape();
        int axis = r.nextInt(x.rank());
        if (x.shape().isBatch(axis)) {
            throw new IrException("not across the batch");
        }
        int step = any(1, 1, 2, 3, -1, -2);
        return OpCase.of(new Slice(List.of(r.nextInt(-4, 5)), List.of(any(r.nextInt(-4, 8), Integer.MAX_VALUE,
                -Integer.MAX_VALUE)), List.of(axis), List.of(step)), in(x));
    }

    OpCase pad() {
        TensorType x = f32Shape();
        List<Integer> begin = ints(x.rank(), -1, 3);
        List<Integer> end = ints(x.rank(), -1, 3);
        if (x.shape().isBatch(0)) {
            begin.set(0, 0);
            end.set(0, 0);
        }
        return OpCase.of(new Pad(any(PadMode.values()), begin, end, signed()), in(x));
    }

    OpCase gather() {
        TensorType x = shape(any(DType.F32, DType.F32, DType.I64), r.nextInt(1, 4));
        int axis = r.nextInt(x.rank());
        if (x.shape().isBatch(axis)) {
            throw new IrException("not along the batch");
        }
        int n = x.dim(axis);
        int[] idims = ints(r.nextInt(0, 3), 1, 4).stream().mapToInt(Integer::intValue).toArray();
        Tensor idx = Tensor.zeros(DType.I64, idims);
        for (long i = 0; i < idx.size(); i++) {
            idx.setLong(i, r.nextInt(-n, n));
        }
        return OpCase.of(new Gather(axis - (r.nextBoolean() ? x.rank() : 0)), in(x), new Const(idx));
    }

    OpCase cast() {
        DType[] all = {DType.F32, DType.F64, DType.I64, DType.I32, DType.I8, DType.BOOL};
        return OpCase.of(new Cast(any(all)), in(shape(any(all), r.nextInt(1, 4))));
    }

    OpCase gatherElements() {
        TensorType x = shape(any(DType.F32, DType.F32, DType.I32), r.nextInt(1, 4));
        int[] dims = staticDims(x);
        if (x.shape().isBatch(0)) {
            throw new IrException("indices have a static shape");
        }
        int axis = r.nextInt(x.rank());
        int[] idims = new int[x.rank()];
        for (int i = 0; i < idims.length; i++) {
            idims[i] = i == axis ? r.nextInt(1, 5) : r.nextInt(1, dims[i] + 1);
        }
        Tensor idx = Tensor.zeros(DType.I64, idims);
        for (long i = 0; i < idx.size(); i++) {
            idx.setLong(i, r.nextInt(-dims[axis], dims[axis]));
        }
        return OpCase.of(new GatherElements(axis - (r.nextBoolean() ? x.rank() : 0)), in(x), new Const(idx));
    }

    OpCase resize() {
        ResizeMode mode = any(ResizeMode.values());
        TensorType x = TensorType.of(DType.F32, channelsShape(r.nextInt(3, 5)));
        int[] out = x.shape().dims();
        for (int i = 2; i < out.length; i++) {
            out[i] = any(1, 2, 3, 5, 7, 13, 2 * out[i], Math.max(1, out[i] / 2));
        }
        ResizeCoordinates coords = any(ResizeCoordinates.values());
        Resize to = Resize.to(mode, coords, x.shape(), Shape.of(out));
        Resize op = new Resize(mode, coords, any(NearestRounding.values()), any(Resize.DEFAULT_CUBIC_A, -0.5),
                mode == ResizeMode.CUBIC && r.nextBoolean(), to.sizes(), to.scales(), to.roi(), signed());
        return OpCase.of(op, in(x));
    }

    OpCase flatten() {
        TensorType t = f32Shape();
        return OpCase.of(new Flatten(r.nextInt(0, t.rank() + 1)), in(t));
    }

    OpCase unsqueeze() {
        TensorType t = f32Shape();
        return OpCase.of(new Unsqueeze(List.of(r.nextInt(-t.rank() - 1, t.rank() + 1))), in(t));
    }
}
