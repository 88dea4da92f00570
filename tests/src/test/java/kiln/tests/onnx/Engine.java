package kiln.tests.onnx;

import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;

/**
 * A way to execute an imported model. The conformance suite runs every node test on each engine in
 * {@link #ALL}; a new engine (the compiled CPU code, the GPU) is one more entry there.
 */
record Engine(String name, Runner runner) {

    @FunctionalInterface
    interface Runner {
        /** The outputs by name, as {@link ReferenceInterpreter#run} defines them. */
        Map<String, Tensor> run(Graph graph, Map<String, Tensor> weights, Map<String, Tensor> inputs) throws Exception;
    }

    static final List<Engine> ALL = List.of(
            new Engine("reference", ReferenceInterpreter::run),
            new Engine("cpu", kiln.cli.compile.CpuEngine::run));
}
