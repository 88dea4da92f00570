package kiln.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kiln.frontend.onnx.OnnxException;
import kiln.frontend.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln export-onnx}: writes a model as ONNX (opset 17) with its weights as initializers, so that ONNX
 * Runtime or any other ONNX tool can run it, e.g. to compare with Kiln.
 */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Writes a model as an ONNX file (opset " + OnnxExporter.OPSET + ") with its weights as "
                + "initializers."})
final class ExportOnnxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: any file 'kiln run' reads.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.safetensors",
            description = "Weights, bound to parameters by name. Without it, parameters take Kiln's default "
                    + "deterministic initialisation (ONNX models keep their own initializers).")
    Path weights;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.onnx", required = true,
            description = "The ONNX file to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (ModelFiles.Loaded loaded = ModelFiles.load(model, weights)) {
            if (loaded.defaultWeights()) {
                spec.commandLine().getErr().println("kiln: no --weights given: using the default initialisation");
            }
            try {
                OnnxExporter.write(output, loaded.graph(), loaded.weights());
            } catch (OnnxException e) {
                throw new UserError(e.getMessage());
            }
            spec.commandLine().getOut().println("wrote " + output + " (ONNX opset " + OnnxExporter.OPSET + ", "
                    + loaded.graph().nodes().size() + " Kiln ops, " + loaded.graph().params().size() + " weights)");
        }
        return Main.OK;
    }
}
