package kiln.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import kiln.cli.compile.CpuEngine;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Output;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.cli.Summary;
import kiln.runtime.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiln run}: runs a model once and prints or writes its outputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a model once on the given inputs (or deterministic random ones) and prints a summary "
                + "of each output, or writes it with --output."})
final class RunCommand implements Callable<Integer> {
    /** How to execute the model: compiled for this CPU in memory, or on the reference interpreter. */
    enum Engine { cpu, reference }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: .kiln (Kiln language), .kir (Graph IR "
            + "text) or .onnx.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.safetensors",
            description = "Weights, bound to parameters by name. Without it, parameters take Kiln's default "
                    + "deterministic initialisation.")
    Path weights;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "cpu",
            description = "How to run: cpu (compiled in memory for this machine) or reference (the reference "
                    + "interpreter); default: ${DEFAULT-VALUE}.")
    Engine engine;

    @Option(names = "--input", paramLabel = "[NAME=]FILE.npy",
            description = "An input tensor. Inputs not given are seeded random values, uniform in [-1, 1).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", paramLabel = "[NAME=]FILE.npy", description = "Write an output to a .npy file.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Batch size for random inputs of a model with a symbolic batch dimension (default: 1).")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new UserError("--batch must be at least 1, got " + batch);
        }
        try (ModelFiles.Loaded loaded = ModelFiles.load(model, weights)) {
            Graph graph = loaded.graph();
            List<String> outputNames = graph.outputs().stream().map(Output::name).toList();
            Map<String, Path> outputFiles = TensorArgs.resolve(outputs, "output", outputNames);
            Map<String, Tensor> given = readInputs(graph);
            if (loaded.defaultWeights()) {
                spec.commandLine().getErr().println("kiln: no --weights given: using the default initialisation");
            }
            Map<String, Tensor> results = switch (engine) {
                case cpu -> CpuEngine.run(graph, loaded.weights(), given);
                case reference -> ReferenceInterpreter.run(graph, loaded.weights(), given);
            };
            var out = spec.commandLine().getOut();
            for (var e : results.entrySet()) {
                out.println(Summary.of(e.getKey(), e.getValue()));
                Path file = outputFiles.get(e.getKey());
                if (file != null) {
                    Npy.write(file, e.getValue());
                }
            }
            out.flush();
        }
        return Main.OK;
    }

    private Map<String, Tensor> readInputs(Graph graph) throws java.io.IOException {
        List<String> inputNames = graph.inputs().stream().map(Value::name).toList();
        Map<String, Path> files = TensorArgs.resolve(inputs, "input", inputNames);
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (Value in : graph.inputs()) {
            Path file = files.get(in.name());
            Tensor t;
            if (file != null) {
                t = Npy.read(file);
                checkInput(in, t, file);
            } else {
                t = SeededRandom.input(in.name(), in.type().dtype(), in.type().shape().bindBatch(batch).dims());
            }
            given.put(in.name(), t);
        }
        return given;
    }

    private static void checkInput(Value in, Tensor t, Path file) {
        Shape want = in.type().shape();
        int[] got = t.shape();
        boolean ok = t.dtype() == in.type().dtype() && got.length == want.rank();
        for (int i = 0; ok && i < got.length; i++) {
            ok = want.isBatch(i) ? got[i] >= 1 : got[i] == want.dim(i);
        }
        if (!ok) {
            throw new UserError(file + ": input '" + in.name() + "' is " + t.typeString() + " but the model expects "
                    + in.type());
        }
        if (want.batchCount() > 0) {
            int n = -1;
            for (int i = 0; i < got.length; i++) {
                if (want.isBatch(i) && n != -1 && got[i] != n) {
                    throw new UserError(file + ": input '" + in.name() + "' has batch sizes " + Arrays.toString(got));
                }
                n = want.isBatch(i) ? got[i] : n;
            }
        }
    }
}
