package kiln.tests.compile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import kiln.ir.graph.IrException;
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

/**
 * Random cases of every Graph IR op, from a seed: shapes of sizes 1, primes and other sizes no vector width
 * divides (an inner axis long enough for whole vectors and a tail), sometimes the symbolic batch, random
 * strides, dilations, groups and asymmetric padding, integer and boolean dtypes where an op takes them.
 * A generator may draw something its op rejects; it is drawn again ({@link #draw}).
 */
final class OpCases {
    record Sizes(int[] outer, int[] inner) {
        /** At 512 bits the Vector API is emulated on narrower machines, slowly: smaller shapes. */
        static Sizes forBits(int bits) {
            return bits >= 512 ? new Sizes(new int[] {1, 2, 3}, new int[] {1, 3, 7, 17, 19})
                    : new Sizes(new int[] {1, 2, 3, 5}, new int[] {1, 3, 5, 7, 13, 17, 19, 23, 37});
        }
    }

    @FunctionalInterface
    private interface Generator {
        OpCase make(SplittableRandom r, Sizes sizes);
    }

    private static final Map<Class<? extends Op>, Generator> GENERATORS = new LinkedHashMap<>();

    static {
        GENERATORS.put(Constant.class, (r, s) -> new NnCases(r, s).constant());
        GENERATORS.put(Conv.class, (r, s) -> new NnCases(r, s).conv());
        GENERATORS.put(MatMul.class, (r, s) -> new NnCases(r, s).matmul());
        GENERATORS.put(Gemm.class, (r, s) -> new NnCases(r, s).gemm());
        GENERATORS.put(Linear.class, (r, s) -> new NnCases(r, s).linear());
        GENERATORS.put(Unary.class, (r, s) -> new NnCases(r, s).unary());
        GENERATORS.put(Binary.class, (r, s) -> new NnCases(r, s).binary());
        GENERATORS.put(LeakyRelu.class, (r, s) -> new NnCases(r, s).leakyRelu());
        GENERATORS.put(HardSigmoid.class, (r, s) -> new NnCases(r, s).hardSigmoid());
        GENERATORS.put(Clip.class, (r, s) -> new NnCases(r, s).clip());
        GENERATORS.put(Shrink.class, (r, s) -> new NnCases(r, s).shrink());
        GENERATORS.put(StarRelu.class, (r, s) -> new NnCases(r, s).starRelu());
        GENERATORS.put(BatchNorm.class, (r, s) -> new NnCases(r, s).batchNorm());
        GENERATORS.put(LayerNorm.class, (r, s) -> new NnCases(r, s).layerNorm());
        GENERATORS.put(InstanceNorm.class, (r, s) -> new NnCases(r, s).instanceNorm());
        GENERATORS.put(GroupNorm.class, (r, s) -> new NnCases(r, s).groupNorm());
        GENERATORS.put(Pool.class, (r, s) -> new NnCases(r, s).pool());
        GENERATORS.put(GlobalPool.class, (r, s) -> new NnCases(r, s).globalPool());
        GENERATORS.put(Reduce.class, (r, s) -> new NnCases(r, s).reduce());
        GENERATORS.put(Softmax.class, (r, s) -> new NnCases(r, s).softmax());
        GENERATORS.put(Reshape.class, (r, s) -> new LayoutCases(r, s).reshape());
        GENERATORS.put(Flatten.class, (r, s) -> new LayoutCases(r, s).flatten());
        GENERATORS.put(Transpose.class, (r, s) -> new LayoutCases(r, s).transpose());
        GENERATORS.put(Squeeze.class, (r, s) -> new LayoutCases(r, s).squeeze());
        GENERATORS.put(Unsqueeze.class, (r, s) -> new LayoutCases(r, s).unsqueeze());
        GENERATORS.put(Split.class, (r, s) -> new LayoutCases(r, s).split());
        GENERATORS.put(Concat.class, (r, s) -> new LayoutCases(r, s).concat());
        GENERATORS.put(Slice.class, (r, s) -> new LayoutCases(r, s).slice());
        GENERATORS.put(Pad.class, (r, s) -> new LayoutCases(r, s).pad());
        GENERATORS.put(Gather.class, (r, s) -> new LayoutCases(r, s).gather());
        GENERATORS.put(Cast.class, (r, s) -> new LayoutCases(r, s).cast());
        GENERATORS.put(Rfft.class, (r, s) -> new NnCases(r, s).rfft());
        GENERATORS.put(Irfft.class, (r, s) -> new NnCases(r, s).irfft());
        GENERATORS.put(ComplexPart.class, (r, s) -> new NnCases(r, s).complexPart());
        GENERATORS.put(MakeComplex.class, (r, s) -> new NnCases(r, s).makeComplex());
        GENERATORS.put(Compare.class, (r, s) -> new NnCases(r, s).compare());
        GENERATORS.put(Where.class, (r, s) -> new NnCases(r, s).where());
        GENERATORS.put(GatherElements.class, (r, s) -> new LayoutCases(r, s).gatherElements());
        GENERATORS.put(Resize.class, (r, s) -> new LayoutCases(r, s).resize());
    }

    private OpCases() {
    }

    /** The op kinds with a generator; a test checks this is every op. */
    static List<Class<? extends Op>> kinds() {
        return List.copyOf(GENERATORS.keySet());
    }

    /** A random, well-typed case of {@code kind}. */
    static OpCase draw(Class<? extends Op> kind, SplittableRandom r, Sizes sizes) {
        Generator gen = GENERATORS.get(kind);
        if (gen == null) {
            throw new IllegalArgumentException("no generator for " + kind.getSimpleName());
        }
        IrException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                OpCase c = gen.make(r, sizes);
                c.op().inferTypes(c.types());
                return c;
            } catch (IrException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no valid " + kind.getSimpleName() + " in 200 draws", last);
    }
}
