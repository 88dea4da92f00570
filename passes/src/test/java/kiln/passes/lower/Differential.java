package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Program;
import kiln.ir.loop.Stmt;
import kiln.ir.text.IrPrinter;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Differential checks of lowered programs against the reference interpreter: floats within a normwise
 * relative error of 1e-5 (issue 6's bar), integers and bools exactly, non-finite values at the same
 * places. A failure names the op, the shapes, the seed and prints the graph.
 */
final class Differential {
    static final double TOLERANCE = 1e-5;

    private Differential() {
    }

    /** A one-node graph applying {@code op} to graph inputs {@code in0, in1, ...} with outputs {@code y0, ...}. */
    static Graph oneNode(Op op, List<TensorType> inputs) {
        GraphBuilder b = new GraphBuilder(op.name());
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ins.add(b.input("in" + i, inputs.get(i)));
        }
        List<Value> outs = b.addMulti("y", op, ins);
        for (int k = 0; k < outs.size(); k++) {
            b.output("y" + k, outs.get(k));
        }
        return b.build();
    }

    /** Checks {@code op} on the given input tensors. */
    static void checkOp(Op op, List<Tensor> inputs, long seed) {
        List<TensorType> types = inputs.stream().map(Differential::typeOf).toList();
        Graph g = oneNode(op, types);
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            named.put("in" + i, inputs.get(i));
        }
        check(g, Map.of(), named, op.name() + " on " + types + ", seed " + seed);
    }

    /** Checks {@code op} on random inputs of the given types. */
    static void checkOp(Op op, List<TensorType> types, SplittableRandom random, long seed) {
        checkOp(op, types.stream().map(t -> RandomTensors.of(t, random)).toList(), seed);
    }

    /** Lowers {@code g}, runs both interpreters and compares every output. */
    static Program check(Graph g, Map<String, Tensor> weights, Map<String, Tensor> inputs, String context) {
        Program p;
        Map<String, Tensor> actual;
        Map<String, Tensor> expected = ReferenceInterpreter.run(g, weights, inputs);
        try {
            p = Lowering.lower(g, weights);
            for (Program.Call c : p.calls()) {
                LoopVerifier.verify(c.kernel());
                List<String> bound = boundNames(c.kernel().body(), new ArrayList<>());
                if (new java.util.HashSet<>(bound).size() != bound.size()) {
                    fail(context + ": kernel " + c.kernel().name() + " binds a name twice: " + bound);
                }
            }
            actual = new LoopInterpreter().run(p, inputs);
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": lowering or running failed: " + e + "\n" + IrPrinter.print(g), e);
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            String problem = compare(e.getValue(), actual.get(e.getKey()));
            if (problem != null) {
                fail(context + ", output " + e.getKey() + ": " + problem + "\n" + IrPrinter.print(g));
            }
        }
        return p;
    }

    /** Every name a statement binds (loop variables, lets, local buffers), in order. */
    static List<String> boundNames(Stmt s, List<String> out) {
        switch (s) {
            case Stmt.For f -> {
                out.add(f.var().name());
                boundNames(f.body(), out);
            }
            case Stmt.Let l -> {
                out.add(l.var().name());
                boundNames(l.body(), out);
            }
            case Stmt.Allocate a -> {
                out.add(a.buffer().name());
                boundNames(a.body(), out);
            }
            case Stmt.Seq q -> q.stmts().forEach(x -> boundNames(x, out));
            case Stmt.If i -> {
                boundNames(i.then(), out);
                boundNames(i.otherwise(), out);
            }
            case Stmt.Store st -> {
            }
        }
        return out;
    }

    /** Null when {@code actual} matches {@code expected}, else what differs. */
    static String compare(Tensor expected, Tensor actual) {
        if (actual == null) {
            return "missing";
        }
        if (expected.dtype() != actual.dtype() || !java.util.Arrays.equals(expected.shape(), actual.shape())) {
            return "expected " + expected.typeString() + " but got " + actual.typeString();
        }
        DType d = expected.dtype();
        if (d.isInteger() || d == DType.BOOL) {
            long[] e = expected.toLongArray();
            long[] a = actual.toLongArray();
            for (int i = 0; i < e.length; i++) {
                if (e[i] != a[i]) {
                    return "element " + i + " is " + a[i] + ", expected " + e[i];
                }
            }
            return null;
        }
        double[] e = values(expected);
        double[] a = values(actual);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < e.length; i++) {
            if (!Double.isFinite(e[i]) || !Double.isFinite(a[i])) {
                if (Double.compare(e[i], a[i]) != 0 && !(Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
                    return "element " + i + " is " + a[i] + ", expected " + e[i];
                }
                continue;
            }
            diff += (e[i] - a[i]) * (e[i] - a[i]);
            norm += e[i] * e[i];
        }
        double error = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
        return error <= TOLERANCE ? null : "normwise relative error " + error + " exceeds " + TOLERANCE;
    }

    /** Real values, or interleaved real and imaginary parts. */
    private static double[] values(Tensor t) {
        if (t.dtype() != DType.C64) {
            return t.toDoubleArray();
        }
        double[] v = new double[(int) (2 * t.size())];
        for (int i = 0; i < t.size(); i++) {
            v[2 * i] = t.getReal(i);
            v[2 * i + 1] = t.getImag(i);
        }
        return v;
    }

    static TensorType typeOf(Tensor t) {
        return TensorType.of(t.dtype(), t.shape());
    }
}
