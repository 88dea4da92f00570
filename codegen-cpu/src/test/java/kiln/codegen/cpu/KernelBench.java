package kiln.codegen.cpu;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kiln.frontend.onnx.OnnxExporter;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.loop.Program;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.schedule.ProgramScheduler;
import kiln.passes.schedule.Target;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.Executor;
import kiln.runtime.exec.Parallel;
import kiln.runtime.exec.VectorWidth;

/**
 * The single-layer workloads of the CPU performance goals, run by hand (not a test): each layer compiled by
 * Kiln (lowered, scheduled for this machine with weights packed, loop passes, generated code) and run by ONNX
 * Runtime (the layer exported by Kiln's ONNX exporter, 2 intra-op threads), on the same inputs, checked
 * against each other, and timed in alternating rounds together with this machine's FMA peak and bandwidth.
 *
 * <pre>
 * ./build -q -o install -DskipTests -pl codegen-cpu -am
 * ./build -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl codegen-cpu
 * $JAVA_HOME/bin/java --add-modules jdk.incubator.vector -Dkiln.threads=2 \
 *     -cp codegen-cpu/target/test-classes:codegen-cpu/target/classes:$(cat codegen-cpu/target/cp.txt) \
 *     kiln.codegen.cpu.KernelBench [NAME-FILTER] [ROUNDS]
 * </pre>
 *
 * For each workload it prints Kiln's and ONNX Runtime's best and median milliseconds over the rounds, their
 * ratio (ONNX Runtime time over Kiln time: above 1 Kiln is faster), Kiln's GFLOP/s and share of the FMA peak,
 * and, where the layer moves more bytes per flop than the ridge point, its share of the bandwidth roofline
 * (the least bytes it must move over the measured bandwidth, against its time). Shares use the best times and
 * the best ceiling measured in the same run. The machine is shared: compare ratios, not absolute times.
 */
public final class KernelBench {
    private KernelBench() {
    }

    /** One layer: its graph (input {@code x}, weights {@code w}), flops, and the least bytes it moves. */
    record Workload(String name, Graph graph, Map<String, Tensor> weights, double flops, double bytes) {
    }

    static Workload conv(String name, int c, int o, int hw, int k, int stride, int groups) {
        int pad = k / 2;
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("x", TensorType.of(DType.F32, 1, c, hw, hw));
        int[] wShape = {o, c / groups, k, k};
        Value w = b.param("w", TensorType.of(DType.F32, wShape));
        b.output("y", b.add(new Conv(List.of(stride, stride), List.of(pad, pad), List.of(pad, pad), List.of(1, 1),
                groups), x, w));
        int out = (hw + 2 * pad - k) / stride + 1;
        double flops = 2.0 * o * out * out * (c / groups) * k * k;
        double bytes = 4.0 * (c * hw * hw + o * out * out + (double) o * (c / groups) * k * k);
        return new Workload(name, b.build(), Map.of("w", SeededRandom.uniform("w", 7, DType.F32, wShape, -0.1, 0.1)),
                flops, bytes);
    }

    static Workload matmul(String name, int m, int k, int n) {
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("x", TensorType.of(DType.F32, m, k));
        Value w = b.param("w", TensorType.of(DType.F32, k, n));
        b.output("y", b.add(new MatMul(), x, w));
        return new Workload(name, b.build(), Map.of("w", SeededRandom.uniform("w", 7, DType.F32, new int[] {k, n}, -0.1,
                0.1)), 2.0 * m * n * k, 4.0 * ((double) m * k + (double) k * n + (double) m * n));
    }

    static List<Workload> workloads() {
        List<Workload> w = new ArrayList<>();
        w.add(conv("conv1x1_256_56", 256, 256, 56, 1, 1, 1));
        w.add(conv("conv3x3_64_56", 64, 64, 56, 3, 1, 1));
        w.add(conv("conv3x3s2_128_28", 128, 128, 28, 3, 2, 1));
        w.add(matmul("matmul_1024", 1024, 1024, 1024));
        for (int k : new int[] {3, 7, 13, 31}) {
            w.add(conv("dw" + k + "_384_28", 384, 384, 28, k, 1, 384));
            w.add(conv("dw" + k + "_96_56", 96, 96, 56, k, 1, 96));
        }
        return w;
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int threads = Parallel.threads();
        Target target = Target.host();
        System.out.printf(Locale.ROOT, "vector width %d bits, %d threads, target %s%n", VectorWidth.BITS, threads, target);
        List<Workload> all = workloads().stream().filter(w -> w.name().contains(filter)).toList();
        List<String> rows = new ArrayList<>();
        for (Workload w : all) {
            rows.add(run(w, rounds, threads, target));
        }
        System.out.println();
        System.out.println(header());
        rows.forEach(System.out::println);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-18s %9s %9s %9s %9s %7s %8s %6s %6s %8s", "workload", "kiln ms", "(median)",
                "ort ms", "(median)", "ort/kiln", "GFLOP/s", "%peak", "%bw", "error");
    }

    private static String run(Workload w, int rounds, int threads, Target target) throws OrtException {
        Program lowered = Lowering.lower(w.graph(), w.weights());
        Program scheduled = ProgramScheduler.run(lowered, target);
        List<Program.Call> calls = scheduled.calls().stream().map(c -> new Program.Call(
                LoopPipeline.STANDARD.run(c.kernel()), c.args())).toList();
        Program p = new Program(scheduled.name(), scheduled.storage(), calls, scheduled.inputs(), scheduled.outputs());
        Executor kiln = CpuBackend.compile(p, StorageLayout.ownArrays(), new KernelCompiler(null)).executor();
        Program.Binding in = p.inputs().getFirst();
        Tensor x = SeededRandom.uniform("x", 1, DType.F32, in.type().shape().dims(), -1, 1);
        Map<String, Tensor> inputs = Map.of(in.name(), x);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            byte[] model = OnnxExporter.export(w.graph(), w.weights()).toByteArray();
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor ox = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()),
                            Arrays.stream(x.shape()).asLongStream().toArray())) {
                Map<String, OnnxTensor> feed = Map.of(in.name(), ox);
                float[] ortOut;
                try (OrtSession.Result r = session.run(feed)) {
                    FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    ortOut = new float[fb.remaining()];
                    fb.get(ortOut);
                }
                float[] kilnOut = kiln.run(inputs).values().iterator().next().toFloatArray();
                double error = normwise(ortOut, kilnOut);
                Runnable kilnRun = () -> kiln.run(inputs);
                Runnable ortRun = () -> {
                    try (OrtSession.Result r = session.run(feed)) {
                        r.get(0);
                    } catch (OrtException e) {
                        throw new IllegalStateException(e);
                    }
                };
                double[] kt = new double[rounds];
                double[] ot = new double[rounds];
                double peak = 0;
                double bandwidth = 0;
                double budget = Math.max(0.2, Math.min(1.0, w.flops() / 20e9));
                // C2 compiles the kernels after thousands of calls: warm both up well before timing.
                MatmulBench.time(kilnRun, 3, 1);
                MatmulBench.time(ortRun, 1, 1);
                for (int r = 0; r < rounds; r++) {
                    peak = Math.max(peak, MatmulBench.fmaPeak(threads));
                    bandwidth = Math.max(bandwidth, bandwidth(threads));
                    ot[r] = MatmulBench.time(ortRun, budget / 2, 10)[0];
                    kt[r] = MatmulBench.time(kilnRun, budget / 2, 10)[0];
                }
                Arrays.sort(kt);
                Arrays.sort(ot);
                double k = kt[0];
                double o = ot[0];
                double gflops = w.flops() / k / 1e9;
                double intensity = w.flops() / w.bytes();
                double ridge = peak / bandwidth;
                String bw = intensity < ridge ? String.format(Locale.ROOT, "%5.0f%%", 100 * (w.bytes() / bandwidth / 1e9) / k)
                        : "    -";
                String row = String.format(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f %9.3f %7.2fx %8.1f %5.0f%% %6s %8.1e",
                        w.name(), 1e3 * k, 1e3 * kt[rounds / 2], 1e3 * o, 1e3 * ot[rounds / 2], o / k, gflops,
                        100 * gflops / peak, bw, error);
                System.out.printf(Locale.ROOT, "%s   (peak %.1f GFLOP/s, bandwidth %.1f GB/s)%n", row, peak, bandwidth);
                return row;
            }
        }
    }

    private static double normwise(float[] expected, float[] actual) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < expected.length; i++) {
            d += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
            n += expected[i] * (double) expected[i];
        }
        return Math.sqrt(d / Math.max(n, Double.MIN_NORMAL));
    }

    private static final int TRIAD = 1 << 24;
    private static float[] ta;
    private static float[] tb;
    private static float[] tc;

    /** GB/s of the triad a[i] = b[i]·s + c[i] over 3 × 64 MiB, on {@code threads} threads. */
    static double bandwidth(int threads) {
        if (ta == null) {
            ta = new float[TRIAD];
            tb = new float[TRIAD];
            tc = new float[TRIAD];
            Arrays.fill(tb, 1);
            Arrays.fill(tc, 2);
        }
        Runnable triad = () -> Parallel.forRange(threads * 4, (lo, hi) -> {
            int chunk = TRIAD / (threads * 4);
            for (int t = lo; t < hi; t++) {
                float[] a = ta;
                float[] b = tb;
                float[] c = tc;
                for (int i = t * chunk; i < (t + 1) * chunk; i++) {
                    a[i] = b[i] * 1.5f + c[i];
                }
            }
        });
        double s = MatmulBench.time(triad, 0.2, 5)[0];
        return 3.0 * 4 * TRIAD / s / 1e9;
    }
}
