package kiln.passes.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Program;
import kiln.passes.graph.Model;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.schedule.DefaultScheduler;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;

/**
 * Differential checks of fused programs: against the unfused program on the loop interpreter (bit for bit:
 * fusion reorders no arithmetic), and, scheduled by the default scheduler at each vector width, against the
 * reference interpreter (normwise relative error ≤ 1e-5).
 */
final class ProgramChecks {
    static final double TOLERANCE = 1e-5;

    private ProgramChecks() {
    }

    /** The model lowered (static shapes) and fused; checks both and returns the fused program. */
    static Program lowerFuseAndCheck(Model m, String context) {
        Program unfused = Lowering.lower(m.graph(), m.weights());
        Program fused = ProgramFusion.fuse(unfused);
        fused.calls().forEach(c -> LoopVerifier.verify(c.kernel()));
        check(m, unfused, fused, context);
        return fused;
    }

    static void check(Model m, Program unfused, Program fused, String context) {
        Map<String, Tensor> in = inputs(m.graph(), 5);
        Map<String, Tensor> plain = new LoopInterpreter(16).run(unfused, in);
        Map<String, Tensor> got = new LoopInterpreter(16).run(fused, in);
        for (String name : plain.keySet()) {
            assertTrue(plain.get(name).contentEquals(got.get(name)), context + ": output " + name
                    + " differs from the unfused program\n" + LoopPrinter.print(fused));
        }
        Map<String, Tensor> want = ReferenceInterpreter.run(m.graph(), m.weights(), in);
        Program scheduled = schedule(fused);
        for (int lanes : KernelRuns.LANES) {
            Map<String, Tensor> s = new LoopInterpreter(lanes).run(scheduled, in);
            for (String name : want.keySet()) {
                double err = normwiseError(want.get(name), s.get(name));
                assertTrue(err <= TOLERANCE, context + ": scheduled at " + lanes + " lanes, output " + name + " error "
                        + err);
            }
        }
    }

    /** Every kernel through the default scheduler and the standard loop passes, verified after each. */
    static Program schedule(Program p) {
        Map<Kernel, Kernel> done = new HashMap<>();
        List<Program.Call> calls = p.calls().stream().map(c -> new Program.Call(done.computeIfAbsent(c.kernel(),
                k -> LoopPipeline.STANDARD.runVerified(DefaultScheduler.apply(k))), c.args())).toList();
        return new Program(p.name(), p.storage(), calls, p.inputs(), p.outputs());
    }

    static Map<String, Tensor> inputs(Graph g, long seed) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        g.inputs().forEach(v -> in.put(v.name(), SeededRandom.uniform(v.name(), seed, v.type().dtype(),
                v.type().shape().dims(), -1, 1)));
        return in;
    }

    /** Bytes of temporary storage a program declares (before memory planning shares any). */
    static long tempBytes(Program p) {
        return p.storage().stream().filter(s -> s.role() == Program.Role.TEMP)
                .mapToLong(s -> s.size() * s.type().bits() / 8).sum();
    }

    static double normwiseError(Tensor expected, Tensor actual) {
        assertEquals(expected.typeString(), actual.typeString());
        double diff = 0;
        double norm = 0;
        for (long i = 0; i < expected.size(); i++) {
            double d = expected.getDouble(i) - actual.getDouble(i);
            diff += d * d;
            norm += expected.getDouble(i) * expected.getDouble(i);
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
    }
}
