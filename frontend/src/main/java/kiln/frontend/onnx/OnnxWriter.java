package kiln.frontend.onnx;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import kiln.frontend.onnx.proto.OnnxProtos.GraphProto;
import kiln.frontend.onnx.proto.OnnxProtos.NodeProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorShapeProto;
import kiln.frontend.onnx.proto.OnnxProtos.TypeProto;
import kiln.frontend.onnx.proto.OnnxProtos.ValueInfoProto;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Writes the nodes of an ONNX graph for the exporter: unique value names, nodes with attributes, and
 * constants. A c64 value is written as an f32 tensor with a trailing axis of 2 (real, imaginary), the form
 * ONNX's DFT uses; {@link #onnxType} and {@link #tensor} apply that mapping.
 */
final class OnnxWriter {
    private final GraphProto.Builder graph;
    private final Set<String> taken = new HashSet<>();
    private final Map<Value, String> names = new HashMap<>();
    private final Map<String, Integer> next = new HashMap<>();
    private String hint = "t";
    private int nodes;

    OnnxWriter(GraphProto.Builder graph) {
        this.graph = graph;
    }

    /** Reserves a name that must appear exactly (a graph input, output or initializer). */
    void reserve(String name) {
        taken.add(name);
    }

    /** Binds an IR value to its ONNX name. */
    void bind(Value v, String name) {
        names.put(v, name);
    }

    /** The ONNX name of an IR value already written. */
    String name(Value v) {
        String n = names.get(v);
        if (n == null) {
            throw new IllegalStateException("value " + v + " used before it is written");
        }
        return n;
    }

    /** Intermediate names are derived from this (the IR value being written). */
    void hint(String base) {
        hint = base;
    }

    /** A fresh name: the base itself when free, else the base with a number. */
    String fresh(String base) {
        if (taken.add(base)) {
            return base;
        }
        String candidate;
        do {
            candidate = base + "_" + next.merge(base, 1, Integer::sum);
        } while (!taken.add(candidate));
        return candidate;
    }

    /** A node with one output; returns the output's name. */
    String node(String opType, List<String> inputs, AttributeProto... attributes) {
        return nodeMulti(opType, inputs, 1, attributes).getFirst();
    }

    String node(String opType, String input, AttributeProto... attributes) {
        return node(opType, List.of(input), attributes);
    }

    List<String> nodeMulti(String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add(fresh(hint));
        }
        // Node names have a namespace of their own, so a counter keeps them unique.
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + nodes++).addAllInput(inputs)
                .addAllOutput(outs).addAllAttribute(Arrays.asList(attributes)));
        return outs;
    }

    /** An Identity node whose output has exactly the given (reserved) name. */
    void identity(String from, String to) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("Identity_" + nodes++).addInput(from)
                .addOutput(to));
    }

    /** A Constant node holding {@code t} (c64 as f32 pairs). */
    String constant(Tensor t) {
        return node("Constant", List.of(), tensorAttr("value", tensor("", t)));
    }

    String longs(long... values) {
        return constant(Tensor.ofLongs(new int[] {values.length}, values));
    }

    String longs(List<Integer> values) {
        return longs(values.stream().mapToLong(Integer::longValue).toArray());
    }

    /** A rank-0 constant of the given dtype. */
    String scalar(DType dtype, double v) {
        return constant(Tensor.of(dtype, new int[0], v));
    }

    /** A tensor proto; c64 becomes f32 with a trailing axis of 2 (the bytes are already interleaved pairs). */
    static TensorProto tensor(String name, Tensor t) {
        if (t.dtype() == DType.C64) {
            int[] shape = Arrays.copyOf(t.shape(), t.rank() + 1);
            shape[t.rank()] = 2;
            t = Tensor.wrap(DType.F32, shape, t.data());
        }
        return TensorProtos.fromTensor(name, t);
    }

    /** The ONNX type of an IR type: N becomes the symbolic dimension "N", c64 a trailing axis of 2. */
    static TypeProto onnxType(TensorType t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        Shape s = t.shape();
        for (int i = 0; i < s.rank(); i++) {
            shape.addDim(s.isBatch(i) ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(s.dim(i)));
        }
        DType dtype = t.dtype();
        if (dtype == DType.C64) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2));
            dtype = DType.F32;
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(ElementTypes.toOnnx(dtype)).setShape(shape)).build();
    }

    static ValueInfoProto valueInfo(String name, TensorType t) {
        return ValueInfoProto.newBuilder().setName(name).setType(onnxType(t)).build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto floatAttr(String name, double v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) v).build();
    }

    static AttributeProto intsAttr(String name, List<Integer> v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS)
                .addAllInts(v.stream().map(Integer::longValue).toList()).build();
    }

    static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto tensorAttr(String name, TensorProto t) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(t).build();
    }
}
