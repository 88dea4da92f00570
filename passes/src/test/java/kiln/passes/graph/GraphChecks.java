package kiln.passes.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.text.IrParser;
import kiln.ir.text.IrPrinter;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;

/** What every graph-pass test checks: the result verifies and round-trips, and computes what the input did. */
final class GraphChecks {
    /** Normwise relative error allowed between a model and its rewrite under the reference interpreter. */
    static final double TOLERANCE = 1e-6;
    static final int BATCH = 2;

    private GraphChecks() {
    }

    /** The verifier again on the parts, the weights bound, the text printed and parsed back to the same graph. */
    static void verify(Model m, String context) {
        Graph g = m.graph();
        Graph again = Graph.of(g.name(), g.inputs(), g.params(), g.nodes(), g.outputs());
        assertTrue(Weights.problems(again, m.weights()).isEmpty(), context + ": " + Weights.problems(again, m.weights()));
        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text, context + ".kir")), context + ": text does not round-trip");
    }

    /** A pipeline listener that verifies the model after every pass. */
    static GraphPipeline.Listener verifying(String context) {
        return (pass, round, before, after) -> verify(after, context + " after " + pass.name() + " (round " + round + ")");
    }

    /** Seeded inputs for the graph, uniform in [-1, 1), the batch bound to {@value #BATCH}. */
    static Map<String, Tensor> inputs(Graph g, long seed) {
        return inputs(g, seed, BATCH);
    }

    static Map<String, Tensor> inputs(Graph g, long seed, int batch) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            in.put(v.name(), SeededRandom.uniform(v.name(), seed, v.type().dtype(),
                    v.type().shape().bindBatch(batch).dims(), -1, 1));
        }
        return in;
    }

    /** Runs both models on the same seeded inputs; every output within {@link #TOLERANCE}. */
    static void sameOutputs(Model before, Model after, String context) {
        sameOutputs(before, after, context, BATCH, 2);
    }

    static void sameOutputs(Model before, Model after, String context, int batch, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            Map<String, Tensor> in = inputs(before.graph(), seed, batch);
            Map<String, Tensor> want;
            try {
                want = ReferenceInterpreter.run(before.graph(), before.weights(), in);
            } catch (IrException e) {
                // A model that fails at run time must fail the same way once rewritten.
                IrException again = assertThrows(IrException.class,
                        () -> ReferenceInterpreter.run(after.graph(), after.weights(), in), context);
                assertEquals(e.getMessage(), again.getMessage(), context);
                continue;
            }
            Map<String, Tensor> got = ReferenceInterpreter.run(after.graph(), after.weights(), in);
            assertEquals(want.keySet(), got.keySet(), context);
            for (String name : want.keySet()) {
                double err = normwiseError(want.get(name), got.get(name));
                assertTrue(err <= TOLERANCE, context + ": output " + name + " differs by " + err + " (seed " + seed
                        + ")\n" + IrPrinter.print(after.graph()));
            }
        }
    }

    static double normwiseError(Tensor expected, Tensor actual) {
        assertEquals(expected.typeString(), actual.typeString());
        double diff = 0;
        double norm = 0;
        for (long i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(e) || Double.isNaN(a)) {
                assertEquals(Double.isNaN(e), Double.isNaN(a), "NaN at element " + i);
                continue;
            }
            diff += (e - a) * (e - a);
            norm += e * e;
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
    }
}
