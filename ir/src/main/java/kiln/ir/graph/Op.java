package kiln.ir.graph;

import java.util.List;

/**
 * A Graph IR operation: its attributes, and the rule that gives its result types from its input types.
 * Every op is an immutable record whose canonical constructor validates the attributes; the
 * reference interpreter ({@code kiln.ir.interp}) defines what each op computes.
 */
public sealed interface Op permits Constant, Conv, MatMul, Gemm, Linear, Unary, Binary, LeakyRelu,
        HardSigmoid, Clip, Shrink, StarRelu, BatchNorm, LayerNorm, InstanceNorm, GroupNorm, Pool,
        GlobalPool, Reduce, Softmax, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Split, Concat,
        Slice, Pad, Gather, Cast, Rfft, Irfft, ComplexPart, MakeComplex, Compare, Where, GatherElements, Resize {

    /** The op's name in the IR text form, e.g. {@code conv} or {@code relu}. */
    String name();

    /**
     * The result types for the given input types; throws {@link IrException} with a message naming
     * the op and the offending types when the inputs are not acceptable.
     */
    List<TensorType> inferTypes(List<TensorType> inputs);
}
