package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopParser;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.ScalarType;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.VectorWidth;

/**
 * Runs a kernel compiled by the CPU backend and the same kernel in the {@link LoopInterpreter} (with the lane
 * count of the width this JVM runs at) on the same seeded inputs, and compares every buffer afterwards. The
 * compiled kernel sees each buffer at an offset inside a larger array whose other elements are a sentinel
 * that must survive, so an access outside a buffer shows.
 */
final class Differential {
    /** Values that break naive vector code: NaN, signed zeros, infinities, subnormals, huge and tiny. */
    static final float[] CORNERS = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, Float.MIN_NORMAL, 1e30f, -1e30f, 1f, -1f, 0.5f, -2.5f,
        3.5f, 8388609f, -8388607.5f, 4.2f, -0.875f, 2f, 3.92f, -3.91f};
    private static final int PAD = 37;
    private static final float SENTINEL = -12345.678f;

    private static final KernelCompiler COMPILER = new KernelCompiler(null);

    private Differential() {
    }

    static Kernel parse(String text) {
        return LoopParser.parseKernel(text);
    }

    static KernelLibrary compile(Kernel k) {
        return COMPILER.load(JavaEmitter.emit("Test_" + Names.sanitize(k.name()), List.of(k)));
    }

    static KernelLibrary compile(Kernel k, Path cache) {
        return new KernelCompiler(cache).load(JavaEmitter.emit("Test_" + Names.sanitize(k.name()), List.of(k)));
    }

    /** Seeded inputs for every parameter; with {@code corners}, a quarter of the floats are corner values. */
    static Map<Buffer, Object> inputs(Kernel k, long seed, boolean corners) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<Buffer, Object> in = new HashMap<>();
        for (Buffer b : k.params()) {
            int n = (int) b.size();
            in.put(b, switch (b.type()) {
                case F32 -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = corners && r.nextInt(4) == 0 ? CORNERS[r.nextInt(CORNERS.length)]
                                : (float) (r.nextDouble() * 4 - 2);
                    }
                    yield a;
                }
                case F64 -> r.doubles(n, -2, 2).toArray();
                case I64 -> r.longs(n, -100, 100).toArray();
                case I32 -> r.ints(n, -100, 100).toArray();
                case I8 -> {
                    byte[] a = new byte[n];
                    r.nextBytes(a);
                    yield a;
                }
                case BOOL -> {
                    byte[] a = new byte[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (byte) r.nextInt(2);
                    }
                    yield a;
                }
            });
        }
        return in;
    }

    /** The interpreter's results: a copy of {@code inputs} after the kernel ran. */
    static Map<Buffer, Object> interpret(Kernel k, Map<Buffer, Object> inputs) {
        Map<Buffer, Object> arrays = copy(inputs);
        new LoopInterpreter(VectorWidth.F32.length()).run(k, arrays);
        return arrays;
    }

    /** The compiled kernel's results, each buffer run at an offset inside a sentinel-filled array. */
    static Map<Buffer, Object> execute(KernelLibrary lib, Kernel k, Map<Buffer, Object> inputs) {
        List<Buffer> params = k.params();
        Object[] arrays = new Object[params.size()];
        int[] offsets = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Buffer b = params.get(i);
            Object src = inputs.get(b);
            int n = java.lang.reflect.Array.getLength(src);
            Object big = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), n + 2 * PAD);
            for (int j = 0; j < n + 2 * PAD; j++) {
                java.lang.reflect.Array.set(big, j, sentinel(b.type()));
            }
            System.arraycopy(src, 0, big, PAD, n);
            arrays[i] = big;
            offsets[i] = PAD;
        }
        lib.invoke(0, arrays, offsets);
        Map<Buffer, Object> out = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Buffer b = params.get(i);
            int n = java.lang.reflect.Array.getLength(inputs.get(b));
            for (int j = 0; j < PAD; j++) {
                checkSentinel(k, b, arrays[i], j);
                checkSentinel(k, b, arrays[i], PAD + n + j);
            }
            Object a = java.lang.reflect.Array.newInstance(inputs.get(b).getClass().getComponentType(), n);
            System.arraycopy(arrays[i], PAD, a, 0, n);
            out.put(b, a);
        }
        return out;
    }

    private static Object sentinel(ScalarType t) {
        return switch (t) {
            case F32 -> SENTINEL;
            case F64 -> (double) SENTINEL;
            case I64 -> -777L;
            case I32 -> -777;
            case I8, BOOL -> (byte) 77;
        };
    }

    private static void checkSentinel(Kernel k, Buffer b, Object array, int i) {
        if (!java.lang.reflect.Array.get(array, i).equals(sentinel(b.type()))) {
            fail("kernel " + k.name() + " wrote outside buffer " + b.name() + " (array position " + i + ")\n"
                    + LoopPrinter.print(k));
        }
    }

    /**
     * Compiles and interprets {@code k} on seeded inputs and asserts that every buffer agrees: bit for bit
     * when {@code ulps} is 0, else within that many ulps (NaN matching NaN).
     */
    static void check(Kernel k, long seed, boolean corners, int ulps) {
        check(compile(k), k, seed, corners, ulps);
    }

    static void check(KernelLibrary lib, Kernel k, long seed, boolean corners, int ulps) {
        Map<Buffer, Object> in = inputs(k, seed, corners);
        Map<Buffer, Object> expected = interpret(k, in);
        Map<Buffer, Object> actual = execute(lib, k, in);
        List<String> problems = new ArrayList<>();
        for (Buffer b : k.params()) {
            compare(b, expected.get(b), actual.get(b), in.get(b), ulps, problems);
        }
        if (!problems.isEmpty()) {
            fail("kernel " + k.name() + " at " + VectorWidth.BITS + " bits, seed " + seed + (corners ? " (corners)" : "")
                    + ": " + problems.size() + " mismatches, first ones:\n  " + String.join("\n  ",
                            problems.subList(0, Math.min(8, problems.size()))) + "\n" + LoopPrinter.print(k));
        }
    }

    private static void compare(Buffer b, Object expected, Object actual, Object input, int ulps, List<String> out) {
        int n = java.lang.reflect.Array.getLength(expected);
        for (int i = 0; i < n; i++) {
            Object e = java.lang.reflect.Array.get(expected, i);
            Object a = java.lang.reflect.Array.get(actual, i);
            boolean same = switch (e) {
                case Float fe -> ulpDistance(fe, (Float) a) <= ulps;
                case Double de -> Double.compare(de, (Double) a) == 0 || (ulps > 0 && Math.abs(de - (Double) a)
                        <= ulps * Math.ulp(de));
                default -> e.equals(a);
            };
            if (!same) {
                out.add(b.name() + "[" + i + "]: expected " + e + ", got " + a + " (was " + java.lang.reflect.Array.get(input, i)
                        + ")");
            }
        }
    }

    /** Distance in units in the last place; 0 for two NaNs; -0 and +0 are 1 apart. */
    static long ulpDistance(float x, float y) {
        if (Float.isNaN(x) || Float.isNaN(y)) {
            return Float.isNaN(x) && Float.isNaN(y) ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ordered(x) - ordered(y));
    }

    private static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        // -0 sits one below +0, so the two zeros differ.
        return bits < 0 ? -(long) (bits & 0x7fffffff) - 1 : bits;
    }

    static Map<Buffer, Object> copy(Map<Buffer, Object> in) {
        Map<Buffer, Object> out = new HashMap<>();
        in.forEach((b, a) -> {
            int n = java.lang.reflect.Array.getLength(a);
            Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
            System.arraycopy(a, 0, c, 0, n);
            out.put(b, c);
        });
        return out;
    }
}
