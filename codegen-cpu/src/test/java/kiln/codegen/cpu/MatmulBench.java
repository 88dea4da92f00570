package kiln.codegen.cpu;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.Parallel;
import kiln.runtime.exec.VectorWidth;

/**
 * A sanity check of the generated code's speed, run by hand (not a test): a register-tiled matmul written in
 * Loop IR — a 4 × 3·Lanes accumulator tile, broadcast-FMA inner loop over k — compiled by the emitter, timed
 * against this machine's FMA peak measured in the same process (12 independent FMA chains).
 *
 * <pre>
 * ./build -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl codegen-cpu
 * $JAVA_HOME/bin/java --add-modules jdk.incubator.vector \
 *     -cp codegen-cpu/target/test-classes:codegen-cpu/target/classes:$(cat codegen-cpu/target/cp.txt) \
 *     kiln.codegen.cpu.MatmulBench [M N K]
 * </pre>
 *
 * It prints, per thread count and tile shape, the best FMA peak and the best matmul GFLOP/s of several
 * alternating rounds (the machine is shared, so medians wander), and the bytes one call allocates (a boxed
 * accumulator would show here). {@code -Dquick=true}: the 4×2 tile on one thread only; {@code -Doffset=12}:
 * buffers on a 64-byte boundary; {@code -Dprint=true}: the generated source.
 */
public final class MatmulBench {
    private MatmulBench() {
    }

    /** C[M×N] = A[M×K]·B[K×N]: panels of 3·Lanes columns in parallel, 4-row tiles, k innermost. */
    static Kernel matmul(int m, int n, int k) {
        return matmul(m, n, k, 4, 3);
    }

    /** The same with a tile of {@code rows} × {@code vectors}·Lanes accumulators. */
    static Kernel matmul(int m, int n, int k, int rows, int vectors) {
        String text = """
                kernel matmul(a: f32[$MK], b: f32[$KN], c: f32[$MN]) {
                  for jo in 0..$N // ($Q*lanes(f32)) parallel {
                    for io in 0..$M // $R {
                      allocate acc: f32[$T] {
                        for r in 0..$R unrolled {
                          for q in 0..$Q unrolled {
                            for v in 0..lanes(f32) vectorized {
                              acc[(r*$Q + q)*lanes(f32) + v] = 0.0
                            }
                          }
                        }
                        for kk in 0..$K {
                          for r in 0..$R unrolled {
                            let ar = a[(io*$R + r)*$K + kk] {
                              for q in 0..$Q unrolled {
                                for v in 0..lanes(f32) vectorized {
                                  acc[(r*$Q + q)*lanes(f32) + v] = fma(ar, b[kk*$N + (jo*$Q + q)*lanes(f32) + v], acc[(r*$Q + q)*lanes(f32) + v])
                                }
                              }
                            }
                          }
                        }
                        for r in 0..$R unrolled {
                          for q in 0..$Q unrolled {
                            for v in 0..lanes(f32) vectorized {
                              c[(io*$R + r)*$N + (jo*$Q + q)*lanes(f32) + v] = acc[(r*$Q + q)*lanes(f32) + v]
                            }
                          }
                        }
                      }
                    }
                  }
                }
                """;
        text = text.replace("$R", Integer.toString(rows)).replace("$Q", Integer.toString(vectors))
                .replace("$T", Integer.toString(rows * vectors * 16));
        text = text.replace("$MK", Integer.toString(m * k)).replace("$KN", Integer.toString(k * n))
                .replace("$MN", Integer.toString(m * n)).replace("$M", Integer.toString(m))
                .replace("$N", Integer.toString(n)).replace("$K", Integer.toString(k));
        return LoopParser.parseKernel(text);
    }

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 192;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.out.printf("vector width %d bits (%d f32 lanes), %d cores%n", VectorWidth.BITS, VectorWidth.F32.length(),
                Runtime.getRuntime().availableProcessors());
        Kernel kernel = matmul(m, n, k);
        JavaSource source = JavaEmitter.emit("MatmulBench", List.of(kernel));
        if (Boolean.getBoolean("print")) {
            System.out.println(source.text());
        }
        KernelLibrary lib = new KernelCompiler(null).load(source);

        Kernel small = matmul(8, 3 * VectorWidth.F32.length() * 2, 5);
        Differential.check(Differential.compile(small), small, 1, false, 0);
        System.out.println("correct against the interpreter (bit-exact) on a small size");

        // -Doffset=N places every buffer N floats into its array: 12 puts them on a 64-byte boundary (arrays'
        // elements start 16 bytes into the object), to see what misaligned vector loads cost.
        int off = Integer.getInteger("offset", 0);
        float[] a = random(m * k + off, 1);
        float[] b = random(k * n + off, 2);
        float[] c = new float[m * n + off];
        Object[] arrays = {a, b, c};
        int[] offsets = {off, off, off};
        double flops = 2.0 * m * n * k;
        int[][] tiles = Boolean.getBoolean("quick") ? new int[][] {{4, 2}} : new int[][] {{4, 3}, {3, 3}, {4, 2}, {2, 4}};
        var threadBean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] threadCounts = Boolean.getBoolean("quick") ? new int[] {1} : new int[] {1, Runtime.getRuntime().availableProcessors()};
        for (int threads : threadCounts) {
            Parallel.setThreads(threads);
            for (int[] tile : tiles) {
                KernelLibrary tiled = tile[0] == 4 && tile[1] == 3 ? lib
                        : new KernelCompiler(null).load(JavaEmitter.emit("MatmulBench" + tile[0] + "x" + tile[1],
                                List.of(matmul(m, n, k, tile[0], tile[1]))));
                Runnable run = () -> tiled.invoke(0, arrays, offsets);
                // The machine is shared: alternate short measurements of the peak and the kernel, keep the best of each.
                double bestPeak = 0;
                double bestKernel = 0;
                for (int round = 0; round < 8; round++) {
                    bestPeak = Math.max(bestPeak, fmaPeak(threads));
                    bestKernel = Math.max(bestKernel, flops / time(run, 0.5, 15)[0] / 1e9);
                }
                long before = threadBean.getCurrentThreadAllocatedBytes();
                Parallel.setThreads(1);
                run.run();
                long allocated = threadBean.getCurrentThreadAllocatedBytes() - before;
                Parallel.setThreads(threads);
                System.out.printf("%d thread(s), tile %dx%d·lanes: FMA peak %.1f GFLOP/s, matmul %dx%dx%d %.1f GFLOP/s ="
                        + " %.0f%% of peak; %d bytes allocated per call%n", threads, tile[0], tile[1], bestPeak, m, n, k,
                        bestKernel, 100 * bestKernel / bestPeak, allocated);
            }
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    /** {min, median} seconds of {@code runs} timed runs after {@code warmupSeconds} of warm-up (min: the machine is shared). */
    static double[] time(Runnable r, double warmupSeconds, int runs) {
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < end) {
            r.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return new double[] {t[0], t[runs / 2]};
    }

    /** GFLOP/s of 12 independent FMA chains per thread on vectors of this run's width, on {@code threads} threads. */
    static double fmaPeak(int threads) {
        // Many short calls rather than one long one, so C2 compiles the method whole rather than on-stack.
        int iterations = 20_000;
        int calls = 50;
        double[] seconds = time(() -> Parallel.forRange(threads, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                for (int i = 0; i < calls; i++) {
                    sink += chains(iterations);
                }
            }
        }), 0.3, 15);
        return threads * 12.0 * 2 * VectorWidth.F32.length() * iterations * calls / seconds[0] / 1e9;
    }

    static volatile float sink;

    /**
     * The species as a constant: the Vector API compiles to vector instructions only for constant species. The
     * chains accumulate in fma's addend, which C2 updates in place (as the matmul's accumulators); an
     * accumulator as a factor costs a register copy per fma and measures a lower "peak".
     */
    private static final VectorSpecies<Float> S = VectorWidth.F32;

    private static float chains(int iterations) {
        VectorSpecies<Float> s = S;
        FloatVector x = FloatVector.broadcast(s, 0.999f);
        FloatVector y = FloatVector.broadcast(s, 1e-4f);
        FloatVector c0 = FloatVector.broadcast(s, 0f);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = x.fma(y, c0);
            c1 = x.fma(y, c1);
            c2 = x.fma(y, c2);
            c3 = x.fma(y, c3);
            c4 = x.fma(y, c4);
            c5 = x.fma(y, c5);
            c6 = x.fma(y, c6);
            c7 = x.fma(y, c7);
            c8 = x.fma(y, c8);
            c9 = x.fma(y, c9);
            c10 = x.fma(y, c10);
            c11 = x.fma(y, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

}
