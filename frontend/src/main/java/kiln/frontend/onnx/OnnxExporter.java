package kiln.frontend.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.OnnxException.Problem;
import kiln.frontend.onnx.proto.OnnxProtos.GraphProto;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.frontend.onnx.proto.OnnxProtos.OperatorSetIdProto;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.runtime.Tensor;

/**
 * Exports Graph IR as an ONNX model (opset {@value #OPSET}), so that ONNX Runtime and other tools can run
 * any Kiln model. Inputs keep their names and types (the batch size N becomes the symbolic dimension
 * {@code "N"}), parameters become initializers of the same names, outputs keep their names. Every IR op is
 * written, composed from several ONNX operators where ONNX has no direct one (see {@link ExportOps}); c64
 * values travel as f32 tensors with a trailing axis of 2. A construct with no faithful ONNX form is
 * reported, with every other such node, in one {@link OnnxException}.
 */
public final class OnnxExporter {
    /** The ONNX opset the exporter writes. */
    public static final int OPSET = 17;
    /** The ONNX IR (file format) version that goes with opset 17. */
    private static final int IR_VERSION = 8;

    private OnnxExporter() {
    }

    /** The model as an ONNX proto; {@code weights} holds a tensor for every parameter. */
    public static ModelProto export(Graph graph, Map<String, Tensor> weights) {
        Map<String, Tensor> bound = Weights.bind(graph, weights);
        GraphProto.Builder g = GraphProto.newBuilder().setName(graph.name());
        OnnxWriter w = new OnnxWriter(g);
        for (Value v : graph.inputs()) {
            w.reserve(v.name());
            w.bind(v, v.name());
            g.addInput(OnnxWriter.valueInfo(v.name(), v.type()));
        }
        for (Value p : graph.params()) {
            w.reserve(p.name());
            w.bind(p, p.name());
            g.addInitializer(OnnxWriter.tensor(p.name(), bound.get(p.name())));
        }
        graph.outputs().forEach(o -> w.reserve(o.name()));
        List<Problem> problems = new ArrayList<>();
        Set<Value> missing = new HashSet<>();
        for (Node node : graph.nodes()) {
            if (node.inputs().stream().anyMatch(missing::contains)) {
                missing.addAll(node.outputs());
                continue;
            }
            w.hint(node.output().name());
            try {
                List<String> names = ExportOps.write(w, node);
                for (int i = 0; i < names.size(); i++) {
                    w.bind(node.outputs().get(i), names.get(i));
                }
            } catch (ExportException | IrException e) {
                problems.add(new Problem(Kind.UNSUPPORTED_OPERATOR, "node %" + node.output().name(), node.op().name(),
                        e.getMessage(), ""));
                missing.addAll(node.outputs());
            }
        }
        if (!problems.isEmpty()) {
            throw new OnnxException("graph " + graph.name(), problems);
        }
        Set<String> given = new HashSet<>();
        graph.inputs().forEach(v -> given.add(v.name()));
        graph.params().forEach(v -> given.add(v.name()));
        for (Output o : graph.outputs()) {
            String from = w.name(o.value());
            if (!from.equals(o.name())) {
                if (given.contains(o.name())) {
                    throw new OnnxException("graph " + graph.name(), Kind.INVALID_MODEL, "output " + o.name()
                            + " has the name of an input or parameter, which ONNX cannot express");
                }
                w.identity(from, o.name());
            }
            g.addOutput(OnnxWriter.valueInfo(o.name(), o.value().type()));
        }
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("kiln").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).build();
    }

    /** Exports to a file, written whole or not at all. */
    public static void write(Path file, Graph graph, Map<String, Tensor> weights) throws IOException {
        byte[] bytes = export(graph, weights).toByteArray();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
