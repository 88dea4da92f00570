package kiln.ir.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BatchNorm;
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
import kiln.ir.graph.Graph;
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
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.Pad;
import kiln.ir.graph.Pool;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.graph.Where;
import kiln.runtime.Tensor;

/**
 * The reference interpreter: the one executable definition of what every Graph IR op computes. Every
 * pass, lowering and backend is tested against it, so it is written for obvious correctness, not speed
 * (though a convolution's inner loop runs over plain arrays, so a 1-GMAC network takes seconds).
 *
 * <p><b>Numeric semantics.</b> Each op is computed in double precision: float inputs are widened to
 * double (exactly), sums and products are accumulated in double, and transcendental functions come from
 * {@link Math} (erf and erfc from {@link Erf}). The result of the op is then rounded once to its output
 * dtype: to nearest for f32, and for integer outputs of a float computation toward zero (NaN to 0,
 * saturating for i64 and i32, wrapping for i8). Integer dtypes compute in exact {@code long} arithmetic
 * with two's-complement wrap-around at the dtype's width (no double round trip, so i64 stays exact);
 * integer division truncates toward zero, and dividing by zero or raising to a negative power is an
 * {@link IrException}. Bool is 0/1. c64 computes its real and imaginary parts in double and rounds each
 * to f32. Layout ops (reshape, transpose, slice, pad, gather, ...) copy element bits and are exact. An
 * op's result never aliases its inputs. Where an op's Javadoc leaves a corner open, the evaluator
 * follows ONNX, then PyTorch, and says so in its own documentation.
 */
public final class ReferenceInterpreter {
    private ReferenceInterpreter() {
    }

    /**
     * Runs the graph. {@code weights}: one tensor per graph parameter (by name); {@code inputs}: one per
     * graph input (by name). The symbolic batch dimension ({@link Shape#BATCH}, printed N) is bound from
     * the inputs. Every input and weight must be present with the declared dtype and shape, else an
     * {@link IrException} lists every problem, e.g. {@code input 'x' is f32[1, 3] but the model expects
     * f32[N, 3, 8, 8]}. Returns the outputs by output name, in the graph's output order.
     */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> weights, Map<String, Tensor> inputs) {
        Graph bound = graph.bindBatch(InputCheck.batchSize(graph, inputs));
        List<String> problems = new ArrayList<>(InputCheck.problems(graph, bound, inputs));
        problems.addAll(Weights.problems(bound, weights));
        if (!problems.isEmpty()) {
            throw new IrException(String.join("\n", problems));
        }
        Map<Value, Tensor> env = new HashMap<>();
        bound.inputs().forEach(v -> env.put(v, inputs.get(v.name())));
        bound.params().forEach(v -> env.put(v, weights.get(v.name())));
        // How many uses each value has left, so intermediates can be dropped after their last use.
        Map<Value, Integer> uses = new HashMap<>();
        for (Node node : bound.nodes()) {
            node.inputs().forEach(v -> uses.merge(v, 1, Integer::sum));
        }
        for (Output o : bound.outputs()) {
            uses.merge(o.value(), 1, Integer::sum);
        }
        for (Node node : bound.nodes()) {
            List<Tensor> in = node.inputs().stream().map(env::get).toList();
            List<Tensor> out = evaluate(node.op(), in);
            for (int i = 0; i < out.size(); i++) {
                Value v = node.outputs().get(i);
                checkResult(node, v, out.get(i));
                env.put(v, out.get(i));
            }
            for (Value v : node.inputs()) {
                if (uses.merge(v, -1, Integer::sum) == 0) {
                    env.remove(v);
                }
            }
        }
        Map<String, Tensor> results = new LinkedHashMap<>();
        for (Output o : bound.outputs()) {
            Tensor t = env.get(o.value());
            // An output that is an input or weight itself is copied, so the caller's tensors stay private.
            boolean given = bound.producer(o.value()) == null;
            results.put(o.name(), given ? t.copy() : t);
        }
        return results;
    }

    /**
     * Evaluates one op on concrete input tensors, whose types must be acceptable to
     * {@link Op#inferTypes}; returns one new tensor per result.
     */
    public static List<Tensor> evaluate(Op op, List<Tensor> inputs) {
        List<TensorType> types = op.inferTypes(inputs.stream().map(ReferenceInterpreter::typeOf).toList());
        int[] out = types.getFirst().shape().dims();
        List<Tensor> in = inputs;
        return switch (op) {
            case Constant c -> List.of(c.value().copy());
            case Conv c -> List.of(ConvEval.conv(c, in.get(0), in.get(1), optional(in, 2), out));
            case MatMul m -> List.of(MatMulEval.matmul(in.get(0), in.get(1), out));
            case Gemm g -> List.of(MatMulEval.gemm(g, in.get(0), in.get(1), optional(in, 2)));
            case Linear l -> List.of(MatMulEval.linear(in.get(0), in.get(1), optional(in, 2), out));
            case Unary u -> List.of(ElementwiseEval.unary(u, in.get(0)));
            case Binary b -> List.of(ElementwiseEval.binary(b, in.get(0), in.get(1), out));
            case LeakyRelu l -> List.of(ElementwiseEval.leakyRelu(l, in.get(0)));
            case HardSigmoid h -> List.of(ElementwiseEval.hardSigmoid(h, in.get(0)));
            case Clip c -> List.of(ElementwiseEval.clip(c, in.get(0)));
            case Shrink s -> List.of(ElementwiseEval.shrink(s, in.get(0)));
            case StarRelu s -> List.of(ElementwiseEval.starRelu(in.get(0), in.get(1), in.get(2)));
            case BatchNorm b -> List.of(NormEval.batchNorm(b, in.get(0), in.get(1), in.get(2), in.get(3), in.get(4)));
            case LayerNorm l -> List.of(NormEval.layerNorm(l, in.get(0), optional(in, 1), optional(in, 2)));
            case InstanceNorm i -> List.of(NormEval.instanceNorm(i, in.get(0), optional(in, 1), optional(in, 2)));
            case GroupNorm g -> List.of(NormEval.groupNorm(g, in.get(0), optional(in, 1), optional(in, 2)));
            case Pool p -> List.of(PoolEval.pool(p, in.get(0), out));
            case GlobalPool g -> List.of(PoolEval.globalPool(g.kind(), in.get(0), out));
            case Reduce r -> List.of(ReduceEval.reduce(r, in.get(0), out));
            case Softmax s -> List.of(ReduceEval.softmax(s, in.get(0)));
            case Reshape r -> List.of(LayoutEval.reshape(in.get(0), out));
            case Flatten f -> List.of(LayoutEval.reshape(in.get(0), out));
            case Squeeze s -> List.of(LayoutEval.reshape(in.get(0), out));
            case Unsqueeze u -> List.of(LayoutEval.reshape(in.get(0), out));
            case Transpose t -> List.of(LayoutEval.transpose(t, in.get(0), out));
            case Split s -> LayoutEval.split(s, in.get(0));
            case Concat c -> List.of(LayoutEval.concat(c, in, out));
            case Slice s -> List.of(LayoutEval.slice(s, in.get(0), out));
            case Pad p -> List.of(LayoutEval.pad(p, in.get(0), out));
            case Gather g -> List.of(LayoutEval.gather(g, in.get(0), in.get(1), out));
            case Cast c -> List.of(ElementwiseEval.cast(c, in.get(0)));
            case Rfft r -> List.of(FftEval.rfft(r, in.get(0), out));
            case Irfft r -> List.of(FftEval.irfft(r, in.get(0), out));
            case ComplexPart c -> List.of(ElementwiseEval.complexPart(c, in.get(0)));
            case MakeComplex c -> List.of(ElementwiseEval.makeComplex(in.get(0), in.get(1), out));
            case Compare c -> List.of(CompareEval.compare(c, in.get(0), in.get(1), out));
            case Where w -> List.of(CompareEval.where(in.get(0), in.get(1), in.get(2), out));
            case GatherElements g -> List.of(LayoutEval.gatherElements(g, in.get(0), in.get(1)));
            case Resize r -> List.of(ResizeEval.resize(r, in.get(0), out));
        };
    }

    private static Tensor optional(List<Tensor> inputs, int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    static TensorType typeOf(Tensor t) {
        return new TensorType(t.dtype(), Shape.of(t.shape()));
    }

    /** An evaluator that disagrees with type inference is a bug in this package, not in the user's model. */
    private static void checkResult(Node node, Value v, Tensor t) {
        if (t.dtype() != v.type().dtype() || !Arrays.equals(t.shape(), v.type().shape().dims())) {
            throw new IllegalStateException(node.op().name() + " produced " + t.typeString() + " for " + v + " : "
                    + v.type());
        }
    }
}
