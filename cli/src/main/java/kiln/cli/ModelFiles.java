package kiln.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.frontend.KilnCompiler;
import kiln.frontend.KilnException;
import kiln.frontend.onnx.OnnxException;
import kiln.frontend.onnx.OnnxImporter;
import kiln.frontend.onnx.OnnxModel;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
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
        if (name.endsWith(".kiln")) {
            try {
                return KilnCompiler.load(model);
            } catch (KilnException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (name.endsWith(".onnx")) {
            return onnx(model).graph();
        }
        throw new UserError("cannot read " + model
                + ": Kiln reads .kiln (Kiln language), .kir (Graph IR text) and .onnx models");
    }

    /**
     * Loads the model and binds its weights from {@code weightsFile}, or gives every parameter its default
     * initial value when there is no weights file. The weights file stays mapped while the tensors are in use.
     */
    static Loaded load(Path model, Path weightsFile) throws IOException {
        if (model.getFileName().toString().endsWith(".onnx")) {
            return loadOnnx(model, weightsFile);
        }
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

    /** An ONNX model; everything wrong with it is the user's to fix (exit 1), reported together. */
    private static OnnxModel onnx(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new UserError(Files.exists(model) ? model + " is not a file" : "no such file: " + model);
        }
        try {
            return OnnxImporter.read(model);
        } catch (OnnxException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** An ONNX model with its initializers as weights; a weights file replaces some of them by name. */
    private static Loaded loadOnnx(Path model, Path weightsFile) throws IOException {
        OnnxModel m = onnx(model);
        if (weightsFile == null) {
            return new Loaded(m.graph(), m.weights(), false, null);
        }
        Safetensors file = Safetensors.open(weightsFile);
        try {
            Map<String, Tensor> given = new LinkedHashMap<>();
            for (String name : file.names()) {
                given.put(name, file.get(name));
            }
            try {
                return new Loaded(m.graph(), m.weightsWith(given), false, file);
            } catch (IrException e) {
                throw new UserError(weightsFile + ": " + e.getMessage().replace("\n", "; "));
            }
        } catch (RuntimeException | IOException e) {
            file.close();
            throw e;
        }
    }
}
