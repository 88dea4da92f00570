package kiln.tests.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.tests.compile.OpCase.Operand;

/** Cases of the compute ops: convolutions, matrix products, elementwise math, normalisations, pooling, FFTs. */
final class NnCases extends CaseDrawer {
    NnCases(SplittableRandom r, OpCases.Sizes sizes) {
        super(r, sizes);
    }

    OpCase constant() {
        DType d = any(DType.F32, DType.F32, DType.F64, DType.I64, DType.I32, DType.I8, DType.BOOL);
        int[] dims = ints(r.nextInt(0, 3), 1, 6).stream().mapToInt(Integer::intValue).toArray();
        Tensor t = Tensor.zeros(d, dims);
        for (long i = 0; i < t.size(); i++) {
            t.setDouble(i, d == DType.BOOL ? r.nextInt(2) : d.isFloat() ? signed() : r.nextInt(-50, 50));
        }
        return OpCase.of(new Constant(t));
    }

    OpCase conv() {
        int s = any(1, 2, 2, 3);
        int c = any(1, 2, 3, 4, 6);
        int groups = any(1, 1, c, c > 1 && c % 2 == 0 ? 2 : 1);
        int out = groups * any(1, 2, 3);
        int[] x = new int[s + 2];
        int[] w = new int[s + 2];
        x[0] = batchOr(outer());
        x[1] = c;
        w[0] = out;
        w[1] = c / groups;
        for (int i = 2; i < s + 2; i++) {
            x[i] = s == 3 ? any(1, 3, 5) : inner();
            w[i] = any(1, 2, 3, 5);
        }
        Op op = new Conv(ints(s, 1, 4), ints(s, 0, 3), ints(s, 0, 3), ints(s, 1, 3), groups);
        return r.nextBoolean() ? OpCase.of(op, in(f32(x)), weight("weight", w))
                : OpCase.of(op, in(f32(x)), weight("weight", w), weight("bias", out));
    }

    OpCase matmul() {
        int m = inner();
        int k = inner();
        int n = inner();
        return switch (r.nextInt(5)) {
            case 0 -> OpCase.of(new MatMul(), in(f32(m, k)), weight("weight", k, n));
            case 1 -> OpCase.of(new MatMul(), in(f32(batchOr(outer()), m, k)), weight("weight", k, n));
            case 2 -> OpCase.of(new MatMul(), in(f32(3, m, k)), in(f32(3, k, n)));
            case 3 -> OpCase.of(new MatMul(), in(f32(k)), weight("weight", k, n));
            default -> OpCase.of(new MatMul(), in(f32(2, 1, m, k)), in(f32(3, k, n)));
        };
    }

    OpCase gemm() {
        int m = inner();
        int k = inner();
        int n = inner();
        boolean ta = r.nextBoolean();
        boolean tb = r.nextBoolean();
        Op op = new Gemm(signed(), signed(), ta, tb);
        Operand a = in(ta ? f32(k, m) : f32(m, k));
        Operand b = weight("weight", tb ? new int[] {n, k} : new int[] {k, n});
        return switch (r.nextInt(4)) {
            case 0 -> OpCase.of(op, a, b);
            case 1 -> OpCase.of(op, a, b, weight("bias", n));
            case 2 -> OpCase.of(op, a, b, weight("bias", m, n));
            default -> OpCase.of(op, a, b, weight("bias", m, 1));
        };
    }

    OpCase linear() {
        TensorType x = shape(DType.F32, r.nextInt(1, 4));
        int features = x.dim(x.rank() - 1);
        int out = inner();
        return r.nextBoolean() ? OpCase.of(new Linear(), in(x), weight("weight", out, features))
                : OpCase.of(new Linear(), in(x), weight("weight", out, features), weight("bias", out));
    }

    OpCase unary() {
        UnaryFn fn = any(UnaryFn.values());
        DType d = fn == UnaryFn.CONJ ? DType.C64 : any(DType.F32, DType.F32, DType.F32, DType.F64, DType.I32, DType.I64);
        return OpCase.of(new Unary(fn), in(shape(d, r.nextInt(1, 5))));
    }

    OpCase binary() {
        BinaryFn fn = any(BinaryFn.values());
        // Integer division and powers can divide by zero or take negative exponents: floats only.
        DType d = fn == BinaryFn.DIV || fn == BinaryFn.POW ? any(DType.F32, DType.F32, DType.F64)
                : any(DType.F32, DType.F32, DType.F32, DType.F64, DType.I32, DType.I64);
        TensorType a = shape(d, r.nextInt(1, 5));
        TensorType b = TensorType.of(d, broadcastable(a));
        Operand other = d == DType.F32 && r.nextBoolean() ? param("p", b.shape().dims()) : in(b);
        return r.nextBoolean() ? OpCase.of(new Binary(fn), in(a), other) : OpCase.of(new Binary(fn), other, in(a));
    }

    OpCase clip() {
        double lo = any(Double.NEGATIVE_INFINITY, -0.5, 0.0, signed());
        double hi = any(Double.POSITIVE_INFINITY, 0.5, lo + Math.abs(signed()));
        return OpCase.of(new Clip(lo, hi), in(f32Shape()));
    }

    OpCase batchNorm() {
        TensorType x = TensorType.of(DType.F32, channelsShape(r.nextInt(2, 5)));
        int c = x.dim(1);
        return OpCase.of(new BatchNorm(any(1e-5, 1e-3)), in(x), param("weight", c), param("bias", c),
                param("running_mean", c), param("running_var", c));
    }

    OpCase layerNorm() {
        TensorType x = shape(DType.F32, r.nextInt(2, 5));
        int k = r.nextInt(1, x.rank());
        List<Integer> axes = new ArrayList<>();
        for (int i = x.rank() - k; i < x.rank(); i++) {
            axes.add(r.nextBoolean() ? i : i - x.rank());
        }
        int[] normalized = java.util.Arrays.copyOfRange(x.shape().dims(), x.rank() - k, x.rank());
        Op op = new LayerNorm(axes, any(1e-5, 1e-6));
        return switch (r.nextInt(3)) {
            case 0 -> OpCase.of(op, in(x));
            case 1 -> OpCase.of(op, in(x), param("weight", normalized));
            default -> OpCase.of(op, in(x), param("weight", normalized), param("bias", normalized));
        };
    }

    OpCase instanceNorm() {
        TensorType x = TensorType.of(DType.F32, channelsShape(r.nextInt(3, 5)));
        int c = x.dim(1);
        return r.nextBoolean() ? OpCase.of(new InstanceNorm(1e-5), in(x))
                : OpCase.of(new InstanceNorm(1e-5), in(x), param("weight", c), param("bias", c));
    }

    OpCase groupNorm() {
        TensorType x = TensorType.of(DType.F32, channelsShape(r.nextInt(3, 5)));
        int c = x.dim(1);
        int groups = any(1, c, c % 2 == 0 ? c / 2 : 1);
        return r.nextBoolean() ? OpCase.of(new GroupNorm(groups, 1e-5), in(x))
                : OpCase.of(new GroupNorm(groups, 1e-5), in(x), param("weight", c), param("bias", c));
    }

    OpCase pool() {
        int s = any(1, 2, 2, 3);
        int[] x = channelsShape(s + 2);
        List<Integer> kernel = ints(s, 1, 4);
        List<Integer> begin = new ArrayList<>();
        List<Integer> end = new ArrayList<>();
        for (int k : kernel) {
            begin.add(r.nextInt(0, k));
            end.add(r.nextInt(0, k));
        }
        return OpCase.of(new Pool(any(PoolKind.values()), kernel, ints(s, 1, 4), begin, end, ints(s, 1, 3),
                r.nextBoolean(), r.nextBoolean()), in(f32(x)));
    }

    OpCase reduce() {
        DType d = any(DType.F32, DType.F32, DType.F64, DType.I64, DType.I32);
        TensorType x = shape(d, r.nextInt(1, 5));
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (r.nextInt(3) == 0 && !x.shape().isBatch(i)) {
                axes.add(r.nextBoolean() ? i : i - x.rank());
            }
        }
        return OpCase.of(new Reduce(any(ReduceKind.values()), axes, r.nextBoolean()), in(x));
    }

    OpCase rfft() {
        TensorType x = shape(DType.F32, r.nextInt(2, 4));
        int k = x.rank() >= 3 && r.nextBoolean() ? 2 : 1;
        List<Integer> lengths = new ArrayList<>();
        for (int i = x.rank() - k; i < x.rank(); i++) {
            lengths.add(r.nextBoolean() ? x.dim(i) : any(2, 5, 8, 12));
        }
        return OpCase.of(new Rfft(lengths, any(FftNorm.values())), in(x));
    }

    OpCase irfft() {
        int k = any(1, 1, 2);
        List<Integer> lengths = new ArrayList<>();
        int[] dims = new int[k + 1];
        dims[0] = batchOr(outer());
        for (int i = 0; i < k; i++) {
            int len = any(1, 2, 5, 8, 12, 13);
            lengths.add(len);
            dims[i + 1] = i == k - 1 ? len / 2 + 1 : len;
        }
        return OpCase.of(new Irfft(lengths, any(FftNorm.values())), in(TensorType.of(DType.C64, dims)));
    }

    OpCase compare() {
        DType d = any(DType.F32, DType.F32, DType.I32, DType.I64);
        TensorType a = shape(d, r.nextInt(1, 4));
        return OpCase.of(new Compare(any(CompareFn.values())), in(a), in(TensorType.of(d, broadcastable(a))));
    }

    OpCase where() {
        TensorType x = shape(any(DType.F32, DType.F32, DType.I64), r.nextInt(1, 4));
        return OpCase.of(new Where(), in(TensorType.of(DType.BOOL, broadcastable(x))), in(x),
                in(x.withShape(Shape.of(broadcastable(x)))));
    }

    OpCase leakyRelu() {
        return OpCase.of(new LeakyRelu(signed()), in(f32Shape()));
    }

    OpCase hardSigmoid() {
        return OpCase.of(new HardSigmoid(signed(), signed()), in(f32Shape()));
    }

    OpCase shrink() {
        return OpCase.of(new Shrink(r.nextDouble(), signed()), in(f32Shape()));
    }

    OpCase starRelu() {
        return OpCase.of(new StarRelu(), in(f32Shape()), param("scale", 1), param("bias", 1));
    }

    OpCase globalPool() {
        return OpCase.of(new GlobalPool(any(PoolKind.values())), in(f32(batchOr(outer()), outer(), inner(), inner())));
    }

    OpCase softmax() {
        TensorType t = f32Shape();
        return OpCase.of(new Softmax(r.nextInt(-t.rank(), t.rank())), in(t));
    }

    OpCase complexPart() {
        return OpCase.of(new ComplexPart(r.nextBoolean()), in(shape(DType.C64, r.nextInt(1, 4))));
    }

    OpCase makeComplex() {
        TensorType t = f32Shape();
        boolean param = r.nextBoolean() && t.shape().isStatic();
        return OpCase.of(new MakeComplex(), in(t), param ? param("imag", t.shape().dims()) : in(t));
    }
}
