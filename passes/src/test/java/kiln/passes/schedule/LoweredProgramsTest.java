package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Program;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;
import kiln.ir.text.IrParser;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The default scheduler on what the compute definitions really produce: small models lowered to Loop IR,
 * every kernel scheduled (then run through the standard loop passes), the programs run on the interpreter
 * at every lane count. Scheduling alone keeps results bit for bit; the loop passes (fma contraction) within
 * 1e-5 normwise.
 */
class LoweredProgramsTest {
    static final Map<String, String> GRAPHS = new LinkedHashMap<>();

    static {
        GRAPHS.put("conv_block", """
                graph conv_block {
                  input %x: f32[1, 6, 11, 13]
                  param %w1: f32[8, 6, 3, 3]
                  param %b1: f32[8]
                  param %dw: f32[8, 1, 5, 5]
                  param %w2: f32[5, 8, 1, 1]
                  %c1 = conv(%x, %w1, %b1) {pads_begin=[1, 1], pads_end=[1, 1]}
                  %r = relu(%c1)
                  %d = conv(%r, %dw) {pads_begin=[2, 2], pads_end=[2, 2], groups=8}
                  %s = conv(%d, %w2) {strides=[2, 2]}
                  output y = %s
                }
                """);
        GRAPHS.put("mlp", """
                graph mlp {
                  input %x: f32[7, 20]
                  param %w1: f32[33, 20]
                  param %b1: f32[33]
                  param %w2: f32[17, 33]
                  %h = linear(%x, %w1, %b1)
                  %g = gelu(%h)
                  %o = linear(%g, %w2)
                  %p = softmax(%o) {axis=1}
                  output y = %p
                }
                """);
        GRAPHS.put("matmul", """
                graph matmul {
                  input %a: f32[2, 19, 24]
                  input %b: f32[24, 40]
                  %c = matmul(%a, %b)
                  output y = %c
                }
                """);
        GRAPHS.put("pool_norm", """
                graph pool_norm {
                  input %x: f32[2, 4, 9, 9]
                  param %g: f32[4, 1, 1]
                  param %bt: f32[4, 1, 1]
                  %p = max_pool(%x) {kernel=[3, 3], strides=[2, 2], pads_begin=[1, 1], pads_end=[1, 1]}
                  %n = layer_norm(%p, %g, %bt) {axes=[1]}
                  %a = avg_pool(%n) {kernel=[2, 2], strides=[1, 1]}
                  output y = %a
                }
                """);
    }

    @TestFactory
    Stream<DynamicTest> programs() {
        return GRAPHS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getValue())));
    }

    private static double normwise(float[] want, float[] got) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (double) (want[i] - got[i]) * (want[i] - got[i]);
            den += (double) want[i] * want[i];
        }
        return Math.sqrt(num / Math.max(den, Double.MIN_NORMAL));
    }

    private static void check(String text) {
        Graph g = IrParser.parse(text, "test.kir");
        Program naive = Lowering.lower(g, Weights.initial(g));
        List<String> schedules = new ArrayList<>();
        Program scheduled = map(naive, k -> {
            DefaultScheduler.Scheduled s = DefaultScheduler.run(k);
            LoopVerifier.verify(s.kernel());
            schedules.add(k.name() + ":\n" + s.schedule().text());
            return s.kernel();
        });
        Program passed = map(scheduled, LoopPipeline.STANDARD::runVerified);
        Map<String, Tensor> inputs = inputs(naive, 42);
        for (int lanes : Runs.LANES) {
            LoopInterpreter interp = new LoopInterpreter(lanes);
            Map<String, Tensor> want = interp.run(naive, inputs);
            Map<String, Tensor> got = interp.run(scheduled, inputs);
            Map<String, Tensor> close = interp.run(passed, inputs);
            for (String name : want.keySet()) {
                float[] w = want.get(name).toFloatArray();
                String all = String.join("\n", schedules);
                if (!all.contains("reorder_reduction")) {
                    assertEquals(java.util.Arrays.toString(w), java.util.Arrays.toString(got.get(name).toFloatArray()),
                            "scheduled program differs at f32 lanes " + lanes + "\n" + all);
                } else {
                    assertTrue(normwise(w, got.get(name).toFloatArray()) <= 1e-5, "scheduled program differs by more "
                            + "than rounding at f32 lanes " + lanes + "\n" + all);
                }
                float[] c = close.get(name).toFloatArray();
                double num = 0;
                double den = 0;
                for (int i = 0; i < w.length; i++) {
                    num += (double) (w[i] - c[i]) * (w[i] - c[i]);
                    den += (double) w[i] * w[i];
                }
                assertTrue(Math.sqrt(num) <= 1e-5 * Math.sqrt(den), "loop passes: error " + Math.sqrt(num / den));
            }
        }
        // Every kernel that loops runs some loop in parallel, and the convolutions and products vectorize.
        for (Program.Call c : scheduled.calls()) {
            boolean[] parallel = {false};
            boolean[] vector = {false};
            Uses.forEach(c.kernel().body(), s -> {
                if (s instanceof Stmt.For f) {
                    parallel[0] |= f.kind() == LoopKind.PARALLEL;
                    vector[0] |= f.kind() == LoopKind.VECTORIZED;
                }
            }, e -> {
            });
            assertTrue(parallel[0] || !Uses.containsLoop(c.kernel().body()), LoopPrinter.print(c.kernel()));
            String name = c.kernel().name();
            assertTrue(vector[0] || !(name.startsWith("conv") || name.startsWith("matmul")), LoopPrinter.print(c.kernel()));
        }
    }

    private static Program map(Program p, UnaryOperator<Kernel> f) {
        Map<Kernel, Kernel> done = new java.util.IdentityHashMap<>();
        List<Program.Call> calls = new ArrayList<>();
        for (Program.Call c : p.calls()) {
            calls.add(new Program.Call(done.computeIfAbsent(c.kernel(), f), c.args()));
        }
        return new Program(p.name(), p.storage(), calls, p.inputs(), p.outputs());
    }

    private static Map<String, Tensor> inputs(Program p, long seed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Random r = new Random(seed);
        for (Program.Binding b : p.inputs()) {
            Tensor t = Tensor.zeros(b.type().dtype(), b.type().shape().dims());
            for (long i = 0; i < t.size(); i++) {
                t.setDouble(i, r.nextGaussian());
            }
            out.put(b.name(), t);
        }
        return out;
    }
}
