package kiln.frontend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Source;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;

/** Test helpers: compile snippets, list their diagnostics, run them. */
final class Kiln {
    private Kiln() {
    }

    static Graph compile(String source) {
        return KilnCompiler.load(source, "test.kiln");
    }

    /** {@code CODE line:col} of each diagnostic. */
    static List<String> errors(String source) {
        return KilnCompiler.compile(Source.of("test.kiln", source)).diagnostics().stream()
                .map(d -> d.code().code() + " " + d.span().line() + ":" + d.span().column()).toList();
    }

    static List<Diagnostic> diagnostics(String source) {
        return KilnCompiler.compile(Source.of("test.kiln", source)).diagnostics();
    }

    static List<String> params(Graph g) {
        return g.params().stream().map(Value::name).toList();
    }

    /** Runs with the default weights; {@code inputs} in the order of the model's inputs. */
    static Map<String, Tensor> run(Graph g, Tensor... inputs) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            in.put(g.inputs().get(i).name(), inputs[i]);
        }
        return ReferenceInterpreter.run(g, Weights.initial(g), in);
    }

    static float[] floats(Map<String, Tensor> out, String name) {
        return out.get(name).toFloatArray();
    }
}
