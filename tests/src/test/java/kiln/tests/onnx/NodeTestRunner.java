package kiln.tests.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kiln.frontend.onnx.OnnxException;
import kiln.frontend.onnx.OnnxImporter;
import kiln.frontend.onnx.OnnxModel;
import kiln.runtime.Tensor;

/**
 * Runs one node test on one engine. Kiln compiles for static shapes, so where a model takes a shape, axes,
 * pads or sizes as a graph input (as many node tests do), the importer says so and the runner imports the
 * model again with those inputs fixed to the data set's values, as a user compiling that model would.
 */
final class NodeTestRunner {
    private NodeTestRunner() {
    }

    static Outcome run(NodeTestCase test, Engine engine) {
        for (NodeTestCase.DataSet data : test.dataSets()) {
            Outcome o = run(test, engine, data);
            if (!(o instanceof Outcome.Succeeded)) {
                return o;
            }
        }
        return new Outcome.Succeeded();
    }

    private static Outcome run(NodeTestCase test, Engine engine, NodeTestCase.DataSet data) {
        Map<String, Tensor> frozen = new LinkedHashMap<>();
        OnnxModel model;
        try {
            model = importModel(test, data, frozen);
        } catch (OnnxException e) {
            List<OnnxException.Problem> unsupported = e.problems().stream()
                    .filter(p -> p.kind().isUnsupported()).toList();
            if (!unsupported.isEmpty()) {
                // A problem outside any node is about a graph input's type, e.g. an optional value.
                TreeSet<String> ops = new TreeSet<>();
                unsupported.forEach(p -> ops.add(p.operator().isEmpty() ? "(input type)" : p.operator()));
                return new Outcome.NotImplemented(new ArrayList<>(ops), e.getMessage());
            }
            return new Outcome.Failed(Outcome.Reason.INVALID_GRAPH, e.getMessage());
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>(data.inputs());
        frozen.keySet().forEach(inputs::remove);
        Map<String, Tensor> results;
        try {
            results = engine.runner().run(model.graph(), model.weights(), inputs);
        } catch (Exception e) {
            return new Outcome.Failed(Outcome.Reason.OTHER, e.toString());
        }
        for (int i = 0; i < test.outputNames().size(); i++) {
            String name = test.outputNames().get(i);
            Tensor actual = results.get(name);
            if (actual == null) {
                return new Outcome.Failed(Outcome.Reason.OTHER, "no output '" + name + "'");
            }
            Outcome.Failed f = Tolerance.NODE_TESTS.compare(name, data.outputs().get(i), actual);
            if (f != null) {
                return f;
            }
        }
        return new Outcome.Succeeded();
    }

    /** Imports, fixing the graph inputs the importer needs as constants; {@code frozen} receives them. */
    private static OnnxModel importModel(NodeTestCase test, NodeTestCase.DataSet data, Map<String, Tensor> frozen) {
        while (true) {
            try {
                return OnnxImporter.read(test.model(), new OnnxImporter.Options(frozen));
            } catch (OnnxException e) {
                boolean onlyConstants = e.problems().stream()
                        .allMatch(p -> p.kind() == OnnxException.Kind.NEEDS_CONSTANT
                                && data.inputs().containsKey(p.value()) && !frozen.containsKey(p.value()));
                if (!onlyConstants) {
                    throw e;
                }
                e.problems().forEach(p -> frozen.put(p.value(), data.inputs().get(p.value())));
            }
        }
    }
}
