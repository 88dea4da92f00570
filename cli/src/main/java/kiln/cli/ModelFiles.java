package kiln.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.ir.text.IrParser;
import kiln.runtime.Tensor;
import kiln.runtime.io.Safetensors;

/** Reads a model file, by its extension, and its weights. */
final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * A model ready to run: its graph and a tensor for every parameter. Closing it unmaps the weights file,
     * if there is one.
     */
    record Loaded(Graph graph, Map<String, Tensor> weights, boolean defaultWeights, AutoCloseable file)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (file != null) {
                file.close();
            }
        }
    }

    static Graph readGraph(Path model) throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new UserError(Files.exists(model) ? model + " is not a file" : "no such file: " + model);
        }
        String name = model.getFileName().toString();
        if (name.endsWith(".kir")) {
            return IrParser.parse(model);
        }
        throw new UserError("cannot read " + model + ": Kiln reads models in the IR text form (.kir)");
    }

    /**
     * Loads the model and binds its weights from {@code weightsFile}, or gives every parameter its default
     * initial value when there is no weights file. The weights file stays mapped while the tensors are in use.
     */
    static Loaded load(Path model, Path weightsFile) throws IOException {
        Graph graph = readGraph(model);
        if (weightsFile == null) {
            return new Loaded(graph, Weights.initial(graph), !graph.params().isEmpty(), null);
        }
        Safetensors file = Safetensors.open(weightsFile);
        try {
            Map<String, Tensor> given = new LinkedHashMap<>();
            for (String name : file.names()) {
                given.put(name, file.get(name));
            }
            var problems = Weights.problems(graph, given);
            if (!problems.isEmpty()) {
                throw new UserError(weightsFile + ": " + String.join("; ", problems));
            }
            return new Loaded(graph, Weights.bind(graph, given), false, file);
        } catch (RuntimeException | IOException e) {
            file.close();
            throw e;
        }
    }
}
