package kiln.passes.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
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
import kiln.ir.graph.Pad;
import kiln.ir.graph.Pool;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Where;
import kiln.ir.loop.Kernel;

/**
 * The compute definition of every Graph IR op: what a node computes, as naive Loop IR kernels (serial
 * loops over the result in C order, reductions inside, guards for borders), each reproducing the reference
 * interpreter. The definitions live one family per file; this is the one place that maps ops to them,
 * so adding an op to the Graph IR fails to compile here until it has a definition.
 */
final class ComputeDefinitions {
    private ComputeDefinitions() {
    }

    /** How a node becomes Loop IR. */
    enum Form {
        /** Kernels computing its results. */
        KERNELS,
        /** No kernel: the result shares its input's storage (the same elements in the same order). */
        VIEW,
        /** No kernel: the result is constant storage. */
        CONSTANT
    }

    static Form form(Op op) {
        return switch (op) {
            case Constant c -> Form.CONSTANT;
            case Reshape r -> Form.VIEW;
            case Flatten f -> Form.VIEW;
            case Squeeze s -> Form.VIEW;
            case Unsqueeze u -> Form.VIEW;
            case Conv c -> Form.KERNELS;
            case MatMul m -> Form.KERNELS;
            case Gemm g -> Form.KERNELS;
            case Linear l -> Form.KERNELS;
            case Unary u -> Form.KERNELS;
            case Binary b -> Form.KERNELS;
            case LeakyRelu l -> Form.KERNELS;
            case HardSigmoid h -> Form.KERNELS;
            case Clip c -> Form.KERNELS;
            case Shrink s -> Form.KERNELS;
            case StarRelu s -> Form.KERNELS;
            case BatchNorm b -> Form.KERNELS;
            case LayerNorm l -> Form.KERNELS;
            case InstanceNorm i -> Form.KERNELS;
            case GroupNorm g -> Form.KERNELS;
            case Pool p -> Form.KERNELS;
            case GlobalPool g -> Form.KERNELS;
            case Reduce r -> Form.KERNELS;
            case Softmax s -> Form.KERNELS;
            case Transpose t -> Form.KERNELS;
            case Split s -> Form.KERNELS;
            case Concat c -> Form.KERNELS;
            case Slice s -> Form.KERNELS;
            case Pad p -> Form.KERNELS;
            case Gather g -> Form.KERNELS;
            case Cast c -> Form.KERNELS;
            case Rfft r -> Form.KERNELS;
            case Irfft r -> Form.KERNELS;
            case ComplexPart c -> Form.KERNELS;
            case MakeComplex m -> Form.KERNELS;
            case Compare c -> Form.KERNELS;
            case Where w -> Form.KERNELS;
            case GatherElements g -> Form.KERNELS;
            case Resize r -> Form.KERNELS;
        };
    }

    /** The kernels of a node whose form is {@link Form#KERNELS}, in the order they must run. */
    static List<Kernel> define(Site s) {
        return switch (s.op()) {
            case Constant c -> notAKernel(c);
            case Reshape r -> notAKernel(r);
            case Flatten f -> notAKernel(f);
            case Squeeze q -> notAKernel(q);
            case Unsqueeze u -> notAKernel(u);
            case Conv c -> ConvCompute.conv(s, c);
            case MatMul m -> MatMulCompute.matmul(s);
            case Gemm g -> MatMulCompute.gemm(s, g);
            case Linear l -> MatMulCompute.linear(s);
            case Unary u -> u.fn() == kiln.ir.graph.UnaryFn.CONJ || s.in(0).complex()
                    ? ComplexCompute.unary(s, u) : ElementwiseCompute.unary(s, u);
            case Binary b -> s.in(0).complex() ? ComplexCompute.binary(s, b) : ElementwiseCompute.binary(s, b);
            case LeakyRelu l -> ElementwiseCompute.leakyRelu(s, l);
            case HardSigmoid h -> ElementwiseCompute.hardSigmoid(s, h);
            case Clip c -> ElementwiseCompute.clip(s, c);
            case Shrink k -> ElementwiseCompute.shrink(s, k);
            case StarRelu r -> ElementwiseCompute.starRelu(s);
            case BatchNorm b -> NormCompute.batchNorm(s, b);
            case LayerNorm l -> NormCompute.layerNorm(s, l);
            case InstanceNorm i -> NormCompute.blockNorm(s, s.in(0).dim(1), i.epsilon());
            case GroupNorm g -> NormCompute.blockNorm(s, g.groups(), g.epsilon());
            case Pool p -> PoolCompute.pool(s, p);
            case GlobalPool g -> PoolCompute.globalPool(s, g);
            case Reduce r -> ReduceCompute.reduce(s, r);
            case Softmax m -> ReduceCompute.softmax(s, m);
            case Transpose t -> LayoutCompute.transpose(s, t);
            case Split p -> LayoutCompute.split(s, p);
            case Concat c -> LayoutCompute.concat(s, c);
            case Slice l -> LayoutCompute.slice(s, l);
            case Pad p -> LayoutCompute.pad(s, p);
            case Gather g -> LayoutCompute.gather(s, g);
            case Cast c -> ElementwiseCompute.cast(s, c);
            case Rfft r -> FftCompute.rfft(s, r);
            case Irfft r -> FftCompute.irfft(s, r);
            case ComplexPart c -> ComplexCompute.part(s, c);
            case MakeComplex m -> ComplexCompute.make(s);
            case Compare c -> CompareCompute.compare(s, c);
            case Where w -> CompareCompute.where(s);
            case GatherElements g -> LayoutCompute.gatherElements(s, g);
            case Resize r -> ResizeCompute.resize(s, r);
        };
    }

    private static List<Kernel> notAKernel(Op op) {
        throw new IllegalStateException(op.name() + " is lowered to storage, not to kernels");
    }

    /** The names of a node's input buffers in its kernels: what the op calls them, where it has names. */
    static List<String> inputNames(Op op, int count) {
        List<String> named = switch (op) {
            case Conv c -> List.of("x", "w", "bias");
            case Linear l -> List.of("x", "w", "bias");
            case MatMul m -> List.of("a", "b");
            case Gemm g -> List.of("a", "b", "c");
            case Binary b -> List.of("a", "b");
            case StarRelu r -> List.of("x", "scale", "bias");
            case BatchNorm b -> List.of("x", "scale", "bias", "mean", "var");
            case LayerNorm l -> List.of("x", "scale", "bias");
            case InstanceNorm i -> List.of("x", "scale", "bias");
            case GroupNorm g -> List.of("x", "scale", "bias");
            case Gather g -> List.of("data", "indices");
            case MakeComplex m -> List.of("re", "im");
            case Compare c -> List.of("a", "b");
            case Where w -> List.of("cond", "x", "y");
            case GatherElements g -> List.of("data", "indices");
            case Resize r -> List.of("x");
            case Constant c -> List.of();
            case Unary u -> List.of("x");
            case LeakyRelu l -> List.of("x");
            case HardSigmoid h -> List.of("x");
            case Clip c -> List.of("x");
            case Shrink k -> List.of("x");
            case Pool p -> List.of("x");
            case GlobalPool g -> List.of("x");
            case Reduce r -> List.of("x");
            case Softmax m -> List.of("x");
            case Reshape r -> List.of("x");
            case Flatten f -> List.of("x");
            case Squeeze q -> List.of("x");
            case Unsqueeze u -> List.of("x");
            case Transpose t -> List.of("x");
            case Split p -> List.of("x");
            case Slice l -> List.of("x");
            case Pad p -> List.of("x");
            case Cast c -> List.of("x");
            case Rfft r -> List.of("x");
            case Irfft r -> List.of("x");
            case ComplexPart c -> List.of("x");
            case Concat c -> List.of();
        };
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(i < named.size() ? named.get(i) : "x" + i);
        }
        return names;
    }
}
