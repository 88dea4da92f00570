package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Deeply nested and enormous inputs end in a diagnostic, never a StackOverflowError, even on a thread
 * with a small stack (the command line runs with a large one, but the compiler must not rely on it).
 */
class LimitsTest {
    private static final long SMALL_STACK = 512 * 1024;

    /** The diagnostics of {@code source}, compiled on a thread with a 512 KiB stack. */
    private static List<String> onSmallStack(String source) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Kiln.errors(source));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        t.join();
        if (result.get() instanceof Throwable e) {
            throw new AssertionError("compiling failed with " + e, e);
        }
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) result.get();
        return errors;
    }

    private static String model(String expression) {
        return "model m {\n    input x: f32[N, 3]\n    output y = " + expression + "\n}\n";
    }

    @Test
    void deepBracketsAreRefused() throws Exception {
        List<String> e = onSmallStack(model("(".repeat(100_000) + "x" + ")".repeat(100_000)));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.getFirst().startsWith("K0120 3:"), e.toString());
        e = onSmallStack(model("[".repeat(50_000)));
        assertTrue(e.getFirst().startsWith("K0120 3:"), e.toString());
    }

    @Test
    void longOperatorChainsAreRefused() throws Exception {
        for (String expr : List.of("x" + " + x".repeat(200_000), "-".repeat(200_000) + "x",
                "x" + " ** x".repeat(200_000), "not ".repeat(100_000) + "true", "x" + "[0]".repeat(100_000))) {
            List<String> e = onSmallStack(model(expr));
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.getFirst().startsWith("K0120 3:"), e.toString());
        }
    }

    @Test
    void moderatelyLongExpressionsAreFine() throws Exception {
        assertEquals(List.of(), onSmallStack(model("x" + " + x".repeat(150))));
        assertEquals(List.of(), onSmallStack(model("(".repeat(60) + "x" + ")".repeat(60))));
    }

    @Test
    void longChainsOfBlocksStopAtTheInstantiationLimit() throws Exception {
        StringBuilder sb = new StringBuilder();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            sb.append("block B").append(i).append("(x: tensor) {\n    return B").append(i + 1).append("(x)\n}\n");
        }
        sb.append("block B").append(n).append("(x: tensor) {\n    return x\n}\n");
        sb.append("model m {\n    input x: f32[N, 3]\n    output y = B0(x)\n}\n");
        List<String> e = onSmallStack(sb.toString());
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.getFirst().startsWith("K0603"), e.toString());
    }

    @Test
    void manyStatementsCompile() throws Exception {
        StringBuilder sb = new StringBuilder("model m {\n    input x: f32[N, 3]\n    let y = x\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("    y = y + 1.0\n");
        }
        sb.append("    output y = y\n}\n");
        assertEquals(List.of(), onSmallStack(sb.toString()));
    }

    @Test
    void runawayLoopsAndHugeValuesHitLimits() throws Exception {
        assertTrue(onSmallStack(model("x") .replace("output", "let n = 0\n    for i in 0..1000000000 { n = n + 1 }\n    output"))
                .getFirst().startsWith("K0602"));
        assertTrue(onSmallStack(model("zeros([100000, 100000])")).getFirst().startsWith("K0601"));
        assertTrue(onSmallStack(model("x * 99999999999999999999")).getFirst().startsWith("K0121"));
        String loop = "let y = x\n    for i in 0..10000000 { y = y + 1.0 }\n    output";
        assertTrue(onSmallStack(model("y").replace("output", loop)).getFirst().startsWith("K0601"));
    }

    @Test
    void garbageGivesABoundedNumberOfErrors() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("model m { let = = }\n");
        }
        List<String> e = onSmallStack(sb.toString());
        assertTrue(!e.isEmpty() && e.size() <= 100, "errors: " + e.size());
    }
}
