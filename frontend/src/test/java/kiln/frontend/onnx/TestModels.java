package kiln.frontend.onnx;

import java.util.List;
import kiln.frontend.onnx.proto.OnnxProtos.AttributeProto;
import kiln.frontend.onnx.proto.OnnxProtos.GraphProto;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.frontend.onnx.proto.OnnxProtos.NodeProto;
import kiln.frontend.onnx.proto.OnnxProtos.OperatorSetIdProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorShapeProto;
import kiln.frontend.onnx.proto.OnnxProtos.TypeProto;
import kiln.frontend.onnx.proto.OnnxProtos.ValueInfoProto;
import kiln.runtime.Tensor;

/** Small ONNX models written in tests, node by node. */
final class TestModels {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private int opset = 17;

    TestModels opset(int version) {
        opset = version;
        return this;
    }

    /** A float input; a negative dimension is symbolic ({@code dim_param}). */
    TestModels input(String name, long... dims) {
        graph.addInput(info(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return this;
    }

    TestModels typedInput(String name, int elemType, long... dims) {
        graph.addInput(info(name, elemType, dims));
        return this;
    }

    TestModels output(String name) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name));
        return this;
    }

    TestModels initializer(String name, Tensor value) {
        graph.addInitializer(TensorProtos.fromTensor(name, value));
        return this;
    }

    TestModels initializer(TensorProto t) {
        graph.addInitializer(t);
        return this;
    }

    TestModels node(String name, String op, List<String> in, List<String> out, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out)
                .addAllAttribute(List.of(attributes)));
        return this;
    }

    ModelProto build() {
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).build();
    }

    private static ValueInfoProto info(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }
}
