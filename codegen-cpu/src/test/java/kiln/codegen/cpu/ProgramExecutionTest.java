package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Weights;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;
import kiln.ir.text.IrParser;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.memory.MemoryPlan;
import kiln.passes.memory.MemoryPlanner;
import kiln.passes.schedule.DefaultScheduler;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.Executor;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole programs through the executor — hand-built ones under several storage layouts, and programs lowered
 * from graphs — against the interpreter running the same program.
 */
class ProgramExecutionTest {
    @TempDir
    Path cache;

    static final int N = 37;

    static Program twoKernels() {
        Kernel scale = Differential.parse("""
                kernel scale(x: f32[37], w: f32[37], t: f32[37]) {
                  for i in 0..37 vectorized {
                    t[i] = x[i] * w[i]
                  }
                }
                """);
        Kernel act = Differential.parse("""
                kernel act(t: f32[37], y: f32[37]) {
                  for io in 0..(37 + lanes(f32) - 1) // lanes(f32) parallel {
                    for ii in 0..lanes(f32) vectorized {
                      if io*lanes(f32) + ii < 37 {
                        y[io*lanes(f32) + ii] = max(t[io*lanes(f32) + ii], 0.0) + t[io*lanes(f32) + ii] * 0.5
                      }
                    }
                  }
                }
                """);
        float[] wv = new float[N];
        for (int i = 0; i < N; i++) {
            wv[i] = i - 18.5f;
        }
        var x = new Program.Storage("x", ScalarType.F32, N, Program.Role.INPUT, null);
        var w = new Program.Storage("w", ScalarType.F32, N, Program.Role.CONSTANT, Tensor.ofFloats(new int[] {N}, wv));
        var t = new Program.Storage("t", ScalarType.F32, N, Program.Role.TEMP, null);
        var y = new Program.Storage("y", ScalarType.F32, N, Program.Role.OUTPUT, null);
        return new Program("two_kernels", List.of(x, w, t, y),
                // act runs twice (idempotent): a kernel called twice is compiled once
                List.of(new Program.Call(scale, List.of(x, w, t)), new Program.Call(act, List.of(t, y)),
                        new Program.Call(act, List.of(t, y))),
                List.of(new Program.Binding("x", TensorType.of(DType.F32, N), x)),
                List.of(new Program.Binding("y", TensorType.of(DType.F32, 1, N), y)));
    }

    @Test
    void aProgramRunsUnderEveryLayoutAndReusesItsBuffers() {
        Program p = twoKernels();
        Map<String, StorageLayout> layouts = new LinkedHashMap<>();
        layouts.put("own arrays", StorageLayout.ownArrays());
        layouts.put("arena", s -> s.name().equals("t") ? 0 : s.name().equals("y") ? N + 3 : -1);
        layouts.put("in place", s -> s.name().equals("t") || s.name().equals("y") ? 5 : -1);
        KernelCompiler compiler = new KernelCompiler(cache);
        for (Map.Entry<String, StorageLayout> layout : layouts.entrySet()) {
            CompiledProgram compiled = CpuBackend.compile(p, layout.getValue(), compiler);
            assertEquals(List.of("scale", "act"), compiled.source().kernelNames());
            Executor e = compiled.executor();
            for (long seed = 1; seed <= 3; seed++) {
                Map<String, Tensor> in = Map.of("x", SeededRandom.uniform("x", seed, DType.F32, new int[] {N}, -2, 2));
                Map<String, Tensor> expected = new LoopInterpreter(VectorWidth.F32.length()).run(p, in,
                        placement(p, layout.getValue()));
                Map<String, Tensor> actual = e.run(in);
                assertTrue(expected.get("y").contentEquals(actual.get("y")), layout.getKey() + ", seed " + seed);
            }
        }
    }

    /**
     * Every run hands the kernels the same arrays, and returns the same output tensors (views of them): no
     * buffer is allocated per run. (What a run does allocate — map iterators, each parallel loop's lambda and
     * job record, about 400 bytes in a JVM of its own — is printed; its exact amount depends on the JIT, so it is not asserted.)
     */
    @Test
    void aRunAllocatesNoBuffers() {
        CompiledProgram compiled = CpuBackend.compile(twoKernels(), StorageLayout.ownArrays(), new KernelCompiler(cache));
        List<Object> seen = new java.util.ArrayList<>();
        KernelLibrary recording = new KernelLibrary() {
            @Override
            public String[] kernelNames() {
                return compiled.kernels().kernelNames();
            }

            @Override
            public void invoke(int kernel, Object[] arrays, int[] offsets) {
                seen.addAll(List.of(arrays));
                compiled.kernels().invoke(kernel, arrays, offsets);
            }
        };
        Executor e = new Executor(recording, compiled.plan());
        Map<String, Tensor> in = Map.of("x", SeededRandom.uniform("x", 1, DType.F32, new int[] {N}, -2, 2));
        Tensor y = e.run(in).get("y");
        List<Object> first = List.copyOf(seen);
        seen.clear();
        assertSame(y, e.run(Map.of("x", Tensor.zeros(DType.F32, N))).get("y"), "outputs are views of the same buffer");
        assertEquals(first.size(), seen.size());
        for (int i = 0; i < first.size(); i++) {
            assertSame(first.get(i), seen.get(i), "argument " + i + " of the calls");
        }

        Executor plain = compiled.executor();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            plain.run(in);
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            plain.run(in);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        System.out.println("a warm run allocates " + least + " bytes at " + VectorWidth.BITS + " bits");
    }

    /** The interpreter's placement of storage as {@code layout} places it: one shared f32 arena. */
    static Map<Program.Storage, LoopInterpreter.Region> placement(Program p, StorageLayout layout) {
        float[] arena = new float[4 * N];
        Map<Program.Storage, LoopInterpreter.Region> placed = new java.util.HashMap<>();
        for (Program.Storage s : p.storage()) {
            if (layout.arenaOffset(s) >= 0) {
                placed.put(s, new LoopInterpreter.Region(arena, (int) layout.arenaOffset(s)));
            }
        }
        return placed;
    }

    /** Graphs lowered by the compute definitions (naive loop nests), compiled and run. */
    @Test
    void loweredGraphsMatchTheInterpreter() throws IOException {
        Map<String, String> graphs = new LinkedHashMap<>();
        graphs.put("residual", Files.readString(root().resolve("examples/residual.kir")));
        graphs.put("convnext_block", """
                graph convnext_block {
                  input %x: f32[N, 8, 9, 7]
                  param %dw.weight: f32[8, 1, 7, 7]
                  param %dw.bias: f32[8]
                  param %norm.weight: f32[8, 1, 1]
                  param %norm.bias: f32[8, 1, 1]
                  param %pw1.weight: f32[32, 8, 1, 1]
                  param %pw2.weight: f32[8, 32, 1, 1]
                  param %gamma: f32[8, 1, 1]
                  %dw = conv(%x, %dw.weight, %dw.bias) {pads_begin=[3, 3], pads_end=[3, 3], groups=8}
                  %ln = layer_norm(%dw, %norm.weight, %norm.bias) {axes=[1], epsilon=1e-6}
                  %h = conv(%ln, %pw1.weight)
                  %g = gelu(%h)
                  %o = conv(%g, %pw2.weight)
                  %scaled = mul(%o, %gamma)
                  %y = add(%x, %scaled)
                  output y = %y
                }
                """);
        graphs.put("mixed", """
                graph mixed {
                  input %x: f32[N, 5, 13]
                  param %w: f32[13, 11]
                  %m = matmul(%x, %w)
                  %s = softmax(%m) {axis=-1}
                  %p = max_pool(%x) {kernel=[3], strides=[2], pads_begin=[1], pads_end=[1]}
                  %r = reduce_mean(%p) {axes=[2]}
                  output s = %s
                  output r = %r
                }
                """);
        KernelCompiler compiler = new KernelCompiler(cache);
        for (boolean scheduled : new boolean[] {false, true}) {
            for (Map.Entry<String, String> g : graphs.entrySet()) {
                checkLowered(g.getKey(), g.getValue(), scheduled, compiler);
            }
        }
    }

    /**
     * Lowers a graph, optionally schedules every kernel with the default scheduler and the standard loop
     * passes, places storage with the memory planner, and compares the compiled program with the interpreter.
     */
    private static void checkLowered(String name, String text, boolean scheduled, KernelCompiler compiler) {
        {
            Graph graph = IrParser.parse(text, name + ".kir").bindBatch(2);
            Program p = Lowering.lower(graph, Weights.initial(graph));
            if (scheduled) {
                p = schedule(p);
            }
            MemoryPlan plan = MemoryPlanner.plan(p);
            StorageLayout layout = s -> plan.placement(s) == null ? -1 : plan.placement(s).offset();
            Map<String, Tensor> in = new LinkedHashMap<>();
            for (Program.Binding b : p.inputs()) {
                in.put(b.name(), SeededRandom.uniform(b.name(), 11, b.type().dtype(), b.type().shape().dims(), -1, 1));
            }
            Map<String, Tensor> expected = new LoopInterpreter(VectorWidth.F32.length()).run(p, in);
            Map<String, Tensor> actual = CpuBackend.compile(p, layout, compiler).executor().run(in);
            for (String out : expected.keySet()) {
                Tensor e = expected.get(out);
                Tensor a = actual.get(out);
                // Bit-exact with the interpreter but for erf and the Vector API's transcendental functions.
                assertTrue(normwiseError(e, a) <= 1e-6, name + (scheduled ? " scheduled" : "") + " output " + out
                        + ": error " + normwiseError(e, a));
            }
        }
    }

    /** Every kernel of {@code p} through the default scheduler and the standard loop passes. */
    static Program schedule(Program p) {
        Map<Kernel, Kernel> done = new java.util.HashMap<>();
        List<Program.Call> calls = p.calls().stream().map(c -> new Program.Call(done.computeIfAbsent(c.kernel(),
                k -> LoopPipeline.STANDARD.run(DefaultScheduler.apply(k))), c.args())).toList();
        return new Program(p.name(), p.storage(), calls, p.inputs(), p.outputs());
    }

    static double normwiseError(Tensor expected, Tensor actual) {
        double diff = 0;
        double norm = 0;
        for (long i = 0; i < expected.size(); i++) {
            double d = expected.getDouble(i) - actual.getDouble(i);
            diff += d * d;
            norm += expected.getDouble(i) * expected.getDouble(i);
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
    }

    static Path root() {
        return Path.of(System.getProperty("kiln.root", ".."));
    }
}
