package kiln.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.Value;
import kiln.runtime.Tensor;

/** Structural comparison of graphs: names, types, ops and attributes, constants byte for byte. */
final class GraphAssertions {
    private GraphAssertions() {
    }

    static void assertSameGraph(Graph expected, Graph actual) {
        assertSameGraph(expected, actual, "");
    }

    /** @param context printed with any failure (a seed, the IR text) */
    static void assertSameGraph(Graph expected, Graph actual, String context) {
        String where = context.isEmpty() ? "" : "\n" + context;
        assertEquals(expected.name(), actual.name(), "graph name" + where);
        assertEquals(expected.inputs(), actual.inputs(), "inputs" + where);
        assertEquals(expected.params(), actual.params(), "params" + where);
        assertEquals(expected.nodes().size(), actual.nodes().size(), "node count" + where);
        for (int i = 0; i < expected.nodes().size(); i++) {
            Node e = expected.nodes().get(i);
            Node a = actual.nodes().get(i);
            String node = "node " + i + " (" + e.op().name() + ")" + where;
            assertEquals(e.inputs(), a.inputs(), node + ": inputs");
            assertEquals(e.outputs(), a.outputs(), node + ": outputs");
            assertSameOp(e.op(), a.op(), node);
        }
        List<Output> eo = expected.outputs();
        List<Output> ao = actual.outputs();
        assertEquals(eo.size(), ao.size(), "output count" + where);
        for (int i = 0; i < eo.size(); i++) {
            assertEquals(eo.get(i).name(), ao.get(i).name(), "output " + i + where);
            Value ev = eo.get(i).value();
            assertEquals(ev, ao.get(i).value(), "output " + i + where);
        }
    }

    /** Records compare their components; a constant's tensor compares by content, bit for bit. */
    static void assertSameOp(Op expected, Op actual, String context) {
        if (expected instanceof Constant(Tensor e) && actual instanceof Constant(Tensor a)) {
            assertTrue(e.contentEquals(a), context + ": constant " + e + " differs from " + a);
        } else if (!expected.equals(actual)) {
            fail(context + ": expected " + expected + " but got " + actual);
        }
    }
}
