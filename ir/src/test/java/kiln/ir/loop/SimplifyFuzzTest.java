package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simplifier against the interpreter: random kernels compute the same at every vector width before
 * and after simplification; the result verifies, round-trips as text, and simplifies to itself.
 */
class SimplifyFuzzTest {
    private static final long SEED = 20260101L;
    private static final int CASES = 1500;

    @Test
    void simplifiedKernelsComputeTheSame() {
        for (int c = 0; c < CASES; c++) {
            long seed = SEED + c;
            Kernel k = new RandomLoopIr(seed).kernel("fuzz");
            LoopVerifier.verify(k);
            assertEquals(k, LoopParser.parseKernel(LoopPrinter.print(k)), () -> LoopPrinter.print(k));
            assertSame(k, new Mutator() {
            }.mutate(k), "a mutator that changes nothing returns the same kernel");
            Kernel s;
            try {
                s = Simplify.kernel(k);
                LoopVerifier.verify(s);
            } catch (RuntimeException e) {
                throw new AssertionError(reproducer(seed, k, null), e);
            }
            for (int lanes : new int[] {4, 8, 16}) {
                int[] expected = run(k, lanes, seed);
                int[] actual = run(s, lanes, seed);
                if (!Arrays.equals(expected, actual)) {
                    assertArrayEquals(expected, actual, reproducer(seed, k, s) + "at f32 lanes " + lanes);
                }
            }
            Kernel again = Simplify.kernel(s);
            assertSame(s, again, () -> reproducer(seed, k, s) + "simplifies further to\n" + LoopPrinter.print(again));
            assertEquals(s, LoopParser.parseKernel(LoopPrinter.print(s)));
        }
    }

    static String reproducer(long seed, Kernel before, Kernel after) {
        return "seed " + seed + " (RandomLoopIr(seed).kernel)\n" + LoopPrinter.print(before)
                + (after == null ? "" : "simplified to\n" + LoopPrinter.print(after));
    }

    /** Runs the kernel on inputs made from the seed; returns the output (poison where unwritten). */
    static int[] run(Kernel k, int lanes, long seed) {
        Random r = new Random(seed);
        int[] in = new int[16];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextInt(21) - 10;
        }
        Buffer out = k.params().get(1);
        int[] o = (int[]) LoopInterpreter.newArray(ScalarType.I32, (int) out.size());
        Map<Buffer, Object> arrays = new HashMap<>();
        arrays.put(k.params().get(0), in);
        arrays.put(out, o);
        new LoopInterpreter(lanes).run(k, arrays);
        return o;
    }
}
