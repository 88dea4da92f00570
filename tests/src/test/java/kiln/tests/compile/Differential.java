package kiln.tests.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.cli.compile.CompileOptions;
import kiln.cli.compile.Compilation;
import kiln.cli.compile.CpuCompiler;
import kiln.codegen.cpu.KernelCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.text.IrPrinter;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.VectorWidth;

/**
 * Compiles graphs with the CPU pipeline (verifying the Loop IR after every stage) and compares what the
 * compiled code computes with the reference interpreter on the same seeded inputs: floating-point outputs
 * within a normwise relative error of {@value #TOLERANCE} (NaNs and infinities in the same places), integer
 * and boolean outputs exactly.
 */
final class Differential {
    static final double TOLERANCE = 1e-5;
    /** The batch size models with a symbolic batch are compiled and run at. */
    static final int BATCH = 2;

    private Differential() {
    }

    /** One graph holding every case as its own node on its own operands; outputs {@code c<i>_<j>}. */
    static Graph graphOf(String name, List<OpCase> cases) {
        GraphBuilder b = new GraphBuilder(name);
        for (int i = 0; i < cases.size(); i++) {
            OpCase c = cases.get(i);
            List<Value> operands = new ArrayList<>();
            for (int j = 0; j < c.operands().size(); j++) {
                operands.add(switch (c.operands().get(j)) {
                    case OpCase.Input in -> b.input("c" + i + "_x" + j, in.type());
                    case OpCase.Param p -> b.param("c" + i + "." + j + "." + p.role(), p.type());
                    case OpCase.Const k -> b.add(new kiln.ir.graph.Constant(k.value()));
                });
            }
            List<Value> results = b.addMulti("c" + i, c.op(), operands);
            for (int j = 0; j < results.size(); j++) {
                b.output("c" + i + "_" + j, results.get(j));
            }
        }
        return b.build();
    }

    /** Seeded inputs for every graph input, the batch bound to {@link #BATCH}. */
    static Map<String, Tensor> inputs(Graph g, long seed) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            in.put(v.name(), SeededRandom.uniform(v.name(), seed, v.type().dtype(),
                    v.type().shape().bindBatch(BATCH).dims(), -2, 2));
        }
        return in;
    }

    /**
     * Compiles {@code g}, runs it and the reference interpreter on seeded inputs, and returns a description
     * of every output that differs (empty when all agree).
     */
    static List<String> check(Graph g, long seed, KernelCompiler compiler) {
        Map<String, Tensor> weights = Weights.initial(g);
        Map<String, Tensor> in = inputs(g, seed);
        Map<String, Tensor> expected = ReferenceInterpreter.run(g, weights, in);
        Compilation c = CpuCompiler.compile(g, weights, CompileOptions.defaults().withBatch(BATCH).withVerify(true));
        Map<String, Tensor> actual = c.executor(compiler).run(in);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            String problem = compare(e.getValue(), actual.get(e.getKey()));
            if (problem != null) {
                problems.add(e.getKey() + ": " + problem);
            }
        }
        return problems;
    }

    /** A failure message with everything needed to reproduce it. */
    static String report(Graph g, long seed, List<String> problems) {
        return problems.size() + " outputs differ at " + VectorWidth.BITS + " bits (seed " + seed + "):\n  "
                + String.join("\n  ", problems) + "\n" + IrPrinter.print(g);
    }

    /** Why {@code actual} is not {@code expected}, or null when it is, within the tolerance. */
    static String compare(Tensor expected, Tensor actual) {
        if (actual == null) {
            return "missing";
        }
        if (expected.dtype() != actual.dtype() || !java.util.Arrays.equals(expected.shape(), actual.shape())) {
            return "expected " + expected.typeString() + ", got " + actual.typeString();
        }
        DType d = expected.dtype();
        if (!d.isFloat() && !d.isComplex()) {
            for (long i = 0; i < expected.size(); i++) {
                if (expected.getLong(i) != actual.getLong(i)) {
                    return "element " + i + " is " + actual.getLong(i) + ", expected " + expected.getLong(i);
                }
            }
            return null;
        }
        double error = normwiseError(expected, actual);
        return error <= TOLERANCE ? null : "normwise relative error " + error;
    }

    /**
     * The normwise relative error ‖e − a‖ / ‖e‖ over the finite elements (both parts of complex ones);
     * infinite when a NaN or infinity of one is not the same in the other.
     */
    static double normwiseError(Tensor expected, Tensor actual) {
        double diff = 0;
        double norm = 0;
        boolean complex = expected.dtype().isComplex();
        for (long i = 0; i < expected.size(); i++) {
            for (int part = 0; part < (complex ? 2 : 1); part++) {
                double e = complex ? (part == 0 ? expected.getReal(i) : expected.getImag(i)) : expected.getDouble(i);
                double a = complex ? (part == 0 ? actual.getReal(i) : actual.getImag(i)) : actual.getDouble(i);
                if (!Double.isFinite(e) || !Double.isFinite(a)) {
                    if (Double.compare(e, a) != 0 && !(Double.isNaN(e) && Double.isNaN(a))) {
                        return Double.POSITIVE_INFINITY;
                    }
                    continue;
                }
                diff += (e - a) * (e - a);
                norm += e * e;
            }
        }
        return diff == 0 ? 0 : Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
    }
}
