package kiln.tests.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kiln.frontend.onnx.TensorProtos;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.frontend.onnx.proto.OnnxProtos.NodeProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.frontend.onnx.proto.OnnxProtos.ValueInfoProto;
import kiln.runtime.Tensor;

/**
 * One ONNX backend node test: {@code model.onnx} and data sets {@code test_data_set_N/input_I.pb,
 * output_I.pb}, whose tensors follow the order of the graph's (non-initializer) inputs and its outputs.
 *
 * @param operators the operator types of the model's nodes, for per-operator statistics
 */
record NodeTestCase(String name, Path model, Set<String> operators, List<String> outputNames, List<DataSet> dataSets) {

    record DataSet(Map<String, Tensor> inputs, List<Tensor> outputs) {
    }

    static NodeTestCase load(Path folder) throws IOException {
        Path model = folder.resolve("model.onnx");
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
        Set<String> initialized = new HashSet<>();
        proto.getGraph().getInitializerList().stream().map(TensorProto::getName).forEach(initialized::add);
        List<ValueInfoProto> inputs = proto.getGraph().getInputList().stream()
                .filter(v -> !initialized.contains(v.getName())).toList();
        List<ValueInfoProto> outputs = proto.getGraph().getOutputList();
        Set<String> ops = new TreeSet<>();
        for (NodeProto n : proto.getGraph().getNodeList()) {
            ops.add(n.getOpType());
        }
        List<DataSet> sets = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(folder)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        for (Path dir : dirs) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            // Values that are not tensors (sequences, optionals) are stored as other protos; Kiln does not
            // import such models, so their data is not read.
            for (int i = 0; i < inputs.size(); i++) {
                Path file = dir.resolve("input_" + i + ".pb");
                if (Files.exists(file) && inputs.get(i).getType().hasTensorType()) {
                    in.put(inputs.get(i).getName(), TensorProtos.read(file));
                }
            }
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                out.add(outputs.get(i).getType().hasTensorType() ? TensorProtos.read(dir.resolve("output_" + i + ".pb"))
                        : null);
            }
            sets.add(new DataSet(in, out));
        }
        return new NodeTestCase(folder.getFileName().toString(), model, ops,
                outputs.stream().map(ValueInfoProto::getName).toList(), sets);
    }
}
