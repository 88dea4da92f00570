package kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.KilnCompiler;
import kiln.frontend.onnx.OnnxImporter;
import kiln.frontend.onnx.OnnxModel;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;

/** The whole-model workloads: the seed models exported from PyTorch and example networks in the Kiln language. */
final class Models {
    /** The seed models of {@code ../shared/models} that the suite times. */
    static final List<String> SEED_MODELS = List.of("bottleneck", "convnext_block", "inceptionnext_block");
    /** The example networks (in {@code examples/}) that the suite times, at the input sizes their files state. */
    static final List<String> EXAMPLES = List.of("osnet_x1_0", "inceptionnext_t");

    private Models() {
    }

    static List<Planned> all(Path root) {
        List<Planned> all = new ArrayList<>();
        Path models = root.resolveSibling("shared").resolve("models");
        for (String m : SEED_MODELS) {
            all.add(new Planned(m, true, () -> onnx(m, models.resolve(m))));
        }
        for (String e : EXAMPLES) {
            all.add(new Planned(e, true, () -> example(e, root.resolve("examples").resolve(e + ".kiln"))));
        }
        return all;
    }

    /** An ONNX model as PyTorch exported it, run from its file by ONNX Runtime, on its input.npy where it has one. */
    static Workload onnx(String name, Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is absent (the seed models live in ../shared/models)");
        }
        OnnxModel m = OnnxImporter.read(file);
        Graph graph = m.graph().isStatic() ? m.graph() : m.graph().bindBatch(1);
        Map<String, Tensor> inputs = Workload.randomInputs(graph);
        Path npy = dir.resolve("input.npy");
        if (Files.isRegularFile(npy) && inputs.size() == 1) {
            inputs = new LinkedHashMap<>();
            inputs.put(graph.inputs().getFirst().name(), Npy.read(npy));
        }
        return new Workload(name, graph, m.weights(), inputs, file, Cost.of(graph, m.weights()));
    }

    /** A model in the Kiln language at batch 1 with the default weights, exported to ONNX for ONNX Runtime. */
    static Workload example(String name, Path file) throws Exception {
        Graph graph = KilnCompiler.load(file);
        Map<String, Tensor> weights = Weights.initial(graph);
        return Workload.ofGraph(name, graph.isStatic() ? graph : graph.bindBatch(1), weights);
    }
}
