package kiln.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** The executor on a hand-written kernel library: y = (x + w) · 2 through a temporary in the arena. */
class ExecutorTest {
    /** Kernel 0: t = x + w; kernel 1: y = 2·t (over n elements). */
    static final class Library implements KernelLibrary {
        final int n;

        Library(int n) {
            this.n = n;
        }

        @Override
        public String[] kernelNames() {
            return new String[] {"add", "twice"};
        }

        @Override
        public void invoke(int kernel, Object[] arrays, int[] offsets) {
            switch (kernel) {
                case 0 -> {
                    float[] x = (float[]) arrays[0];
                    float[] w = (float[]) arrays[1];
                    float[] t = (float[]) arrays[2];
                    for (int i = 0; i < n; i++) {
                        t[offsets[2] + i] = x[offsets[0] + i] + w[offsets[1] + i];
                    }
                }
                case 1 -> {
                    float[] t = (float[]) arrays[0];
                    float[] y = (float[]) arrays[1];
                    for (int i = 0; i < n; i++) {
                        y[offsets[1] + i] = 2 * t[offsets[0] + i];
                    }
                }
                default -> throw new IllegalArgumentException("no kernel " + kernel);
            }
        }
    }

    static ExecutionPlan plan(long tOffset, long yOffset) {
        Tensor w = Tensor.ofFloats(new int[] {3}, 10, 20, 30);
        return new ExecutionPlan("p", List.of(
                new ExecutionPlan.Slot("x", DType.F32, 3, ExecutionPlan.Slot.OWN, null),
                new ExecutionPlan.Slot("w", DType.F32, 3, ExecutionPlan.Slot.OWN, w),
                new ExecutionPlan.Slot("t", DType.F32, 3, tOffset, null),
                new ExecutionPlan.Slot("y", DType.F32, 3, yOffset, null)),
                List.of(new ExecutionPlan.Invocation(0, "add", new int[] {0, 1, 2}),
                        new ExecutionPlan.Invocation(1, "twice", new int[] {2, 3})),
                List.of(new ExecutionPlan.Port("x", DType.F32, new int[] {1, 3}, 0)),
                List.of(new ExecutionPlan.Port("y", DType.F32, new int[] {3}, 3)));
    }

    @Test
    void runsTheCallsInOrderAndReusesItsBuffers() {
        for (long[] layout : new long[][] {{0, 3}, {0, 0}, {5, 1}}) {
            Executor e = new Executor(new Library(3), plan(layout[0], layout[1]));
            Tensor y = e.run(Map.of("x", Tensor.ofFloats(new int[] {1, 3}, 1, 2, 3))).get("y");
            assertArrayEquals(new float[] {22, 44, 66}, y.toFloatArray());
            Tensor again = e.run(Map.of("x", Tensor.ofFloats(new int[] {1, 3}, -1, 0, 1))).get("y");
            assertArrayEquals(new float[] {18, 40, 62}, again.toFloatArray());
            assertTrue(again.isReadOnly());
            assertEquals((Math.max(layout[0], layout[1]) + 3) * 4, e.arenaBytes());
            Tensor into = Tensor.zeros(DType.F32, 3);
            e.run(Map.of("x", Tensor.ofFloats(new int[] {1, 3}, 0, 0, 0)), Map.of("y", into));
            assertArrayEquals(new float[] {20, 40, 60}, into.toFloatArray());
        }
    }

    @Test
    void wrongInputsAreClearErrors() {
        Executor e = new Executor(new Library(3), plan(0, 3));
        assertEquals("input 'x' is missing", assertThrows(IllegalArgumentException.class,
                () -> e.run(Map.of())).getMessage());
        assertEquals("input 'x' is f32[3] but the model expects f32[1, 3]", assertThrows(IllegalArgumentException.class,
                () -> e.run(Map.of("x", Tensor.zeros(DType.F32, 3)))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.run(Map.of("x", Tensor.zeros(DType.F32, 1, 3),
                "z", Tensor.zeros(DType.F32, 1)))).getMessage().startsWith("the model has no input [z]"));
    }

    @Test
    void aPlanMustMatchItsLibrary() {
        ExecutionPlan p = plan(0, 3);
        KernelLibrary other = new KernelLibrary() {
            @Override
            public String[] kernelNames() {
                return new String[] {"add"};
            }

            @Override
            public void invoke(int kernel, Object[] arrays, int[] offsets) {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> new Executor(other, p));
    }
}
