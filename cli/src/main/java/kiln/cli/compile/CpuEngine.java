package kiln.cli.compile;

import java.util.LinkedHashMap;
import java.util.Map;
import kiln.codegen.cpu.KernelCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/**
 * Runs a model compiled in memory, as {@code kiln run --engine cpu} does: compiles it for the batch size of
 * the inputs given, runs it once, and returns the outputs as {@code ReferenceInterpreter.run} does.
 */
public final class CpuEngine {
    private CpuEngine() {
    }

    /** Compiles and runs {@code graph}; the outputs are new tensors, by name. */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> weights, Map<String, Tensor> inputs) {
        CompileOptions options = CompileOptions.defaults().withBatch(batchOf(graph, inputs, 1));
        Compilation c = CpuCompiler.compile(graph, weights, options);
        Map<String, Tensor> out = new LinkedHashMap<>();
        c.executor(KernelCompiler.standard()).run(inputs).forEach((name, t) -> out.put(name, t.copy()));
        return out;
    }

    /**
     * The batch size the given inputs have: the size of every symbolic batch dimension of every graph input
     * given, which must agree; {@code fallback} when no input has one.
     */
    public static int batchOf(Graph graph, Map<String, Tensor> inputs, int fallback) {
        int batch = -1;
        for (Value in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            Shape shape = in.type().shape();
            if (t == null || t.rank() != shape.rank()) {
                continue;
            }
            for (int i = 0; i < shape.rank(); i++) {
                if (shape.isBatch(i)) {
                    if (batch != -1 && t.dim(i) != batch) {
                        throw new IrException("the inputs have different batch sizes (" + batch + " and " + t.dim(i)
                                + " in '" + in.name() + "')");
                    }
                    batch = t.dim(i);
                }
            }
        }
        return batch == -1 ? fallback : batch;
    }
}
