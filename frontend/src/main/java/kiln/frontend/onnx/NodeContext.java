package kiln.frontend.onnx;

import java.util.List;
import kiln.ir.graph.Op;
import kiln.ir.graph.Shape;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * One ONNX node being converted: its inputs as {@link Term}s, its attributes, the opset it is written
 * against, and the {@link Emitter} to build with. Converters read everything through it.
 *
 * @param inputs one term per input position; null where an optional input is not given
 * @param inputNames the ONNX names of the inputs ("" where not given)
 * @param outputNames the ONNX names of the outputs ("" where an optional output is not wanted)
 */
record NodeContext(String opType, int opset, List<Term> inputs, List<String> inputNames, List<String> outputNames,
        Attributes attrs, Emitter emitter) {

    /** A required input. */
    Term in(int i) {
        Term t = opt(i);
        if (t == null) {
            throw NodeError.invalid("input " + i + " is required but not given");
        }
        return t;
    }

    /** An optional input, or null when not given. */
    Term opt(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    int inputCount() {
        return inputs.size();
    }

    /** Whether the node asks for output {@code i}. */
    boolean wantsOutput(int i) {
        return i < outputNames.size() && !outputNames.get(i).isEmpty();
    }

    /** Refuses optional outputs from {@code first} on, which Kiln does not compute. */
    void onlyOutputs(int first, String what) {
        for (int i = first; i < outputNames.size(); i++) {
            if (wantsOutput(i)) {
                throw NodeError.unsupported("the optional output " + i + " (" + what + ") is not supported");
            }
        }
    }

    /** The name intermediate results of this node are named after. */
    String hint() {
        return outputNames.isEmpty() || outputNames.getFirst().isEmpty() ? opType : outputNames.getFirst();
    }

    Term apply(Op op, Term... in) {
        return emitter.apply(hint(), op, in);
    }

    List<Term> applyAll(Op op, List<Term> in) {
        return emitter.applyAll(hint(), op, in);
    }

    /** The value of input {@code i}, which must be known at compile time. */
    Tensor known(int i, String what) {
        Term t = in(i);
        if (t.known() == null) {
            String name = inputNames.get(i);
            String why = emitter.isInput(t.value()) ? "it is a model input; Kiln compiles for fixed shapes, so the "
                    + "model needs it as a constant" : "it is computed when the model runs";
            throw NodeError.needsConstant("the " + what + " ('" + name + "') must be known at compile time, but " + why,
                    name);
        }
        return t.known();
    }

    /** The integer elements of input {@code i}, which must be known at compile time. */
    long[] knownInts(int i, String what) {
        Tensor t = known(i, what);
        if (!t.dtype().isInteger()) {
            throw NodeError.invalid("the " + what + " must be integers, got " + t.typeString());
        }
        return t.toLongArray();
    }

    /** A constant term holding one element of the given dtype. */
    static Term scalar(DType dtype, double v) {
        return Term.constant(Tensor.of(dtype, new int[0], v));
    }

    /** A constant term of the given dtype and shape filled with {@code v}. */
    static Term filled(DType dtype, Shape shape, double v) {
        Tensor t = Tensor.zeros(dtype, shape.dims());
        for (long i = 0; i < t.size(); i++) {
            t.setDouble(i, v);
        }
        return Term.constant(t);
    }

    /** A 1-D i64 constant. */
    static Term longs(long... values) {
        return Term.constant(Tensor.ofLongs(new int[] {values.length}, values));
    }

    /** Converts an ONNX int64 (an axis, a size) to an int, refusing values that do not fit. */
    static int toInt(long v, String what) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw NodeError.unsupported("the " + what + " " + v + " does not fit in 32 bits");
        }
        return (int) v;
    }

    /** Clamps an ONNX index (a slice bound) into the int range, which keeps its meaning for any real axis. */
    static int clampToInt(long v) {
        return Math.clamp(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A normalised axis for the given rank. */
    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw NodeError.invalid("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    static List<Integer> ints(long[] values, String what) {
        return java.util.Arrays.stream(values).mapToObj(v -> toInt(v, what)).toList();
    }
}
