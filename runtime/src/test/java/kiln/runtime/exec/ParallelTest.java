package kiln.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyIterationRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            assertEquals(threads, Parallel.threads());
            for (int n : new int[] {0, 1, 2, 7, 64, 1001}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                for (int rep = 0; rep < 20; rep++) {
                    Parallel.forRange(n, (lo, hi) -> {
                        assertTrue(0 <= lo && lo < hi && hi <= n, lo + ".." + hi);
                        for (int i = lo; i < hi; i++) {
                            seen.incrementAndGet(i);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(20, seen.get(i), "iteration " + i + " of " + n + " with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void nestedLoopsRunOnTheirThread() {
        Parallel.setThreads(3);
        AtomicIntegerArray seen = new AtomicIntegerArray(12 * 9);
        Parallel.forRange(12, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int row = i;
                Thread outer = Thread.currentThread();
                Parallel.forRange(9, (a, b) -> {
                    assertSame(outer, Thread.currentThread());
                    for (int j = a; j < b; j++) {
                        seen.incrementAndGet(row * 9 + j);
                    }
                });
            }
        });
        for (int i = 0; i < 12 * 9; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    @Test
    void anExceptionInAChunkReachesTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, (lo, hi) -> {
            if (lo <= 50 && 50 < hi) {
                throw new IllegalStateException("chunk failed");
            }
        }));
        assertEquals("chunk failed", e.getMessage());
        // The pool still works afterwards.
        AtomicIntegerArray seen = new AtomicIntegerArray(10);
        Parallel.forRange(10, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 10; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    @Test
    void threadsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
