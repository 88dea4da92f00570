package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import org.junit.jupiter.api.Test;

/** Fusing an elementwise producer into its consumer: inline and compute_at. */
class FusionTest {
    /** Bias and ReLU over [c, i]. */
    static final Kernel PRODUCER = NaiveKernels.parse("""
            kernel bias_relu(x: f32[40], b: f32[5], t: f32[40]) {
              for c in 0..5 {
                for i in 0..8 {
                  t[c*8 + i] = max(x[c*8 + i] + b[c], 0.0)
                }
              }
            }
            """);

    /** A 3-tap filter along i with zero padding, per channel. */
    static final Kernel CONSUMER = NaiveKernels.parse("""
            kernel filter(t: f32[40], w: f32[3], y: f32[40]) {
              for c in 0..5 {
                for o in 0..8 {
                  allocate acc: f32[1] {
                    acc[0] = 0.0
                    for k in 0..3 {
                      if 0 <= o + k - 1 && o + k - 1 < 8 {
                        acc[0] = fma(t[c*8 + o + k - 1], w[k], acc[0])
                      }
                    }
                    y[c*8 + o] = acc[0]
                  }
                }
              }
            }
            """);

    @Test
    void inlineComputesTheProducerAtEachRead() {
        Kernel fused = new Inline(PRODUCER).apply(CONSUMER);
        LoopVerifier.verify(fused);
        assertEquals(List.of("w", "y", "x", "b"), fused.params().stream().map(b -> b.name()).toList());
        assertTrue(LoopPrinter.print(fused).contains("max(x[c*8 + k + o - 1] + b[c], 0.0)"), LoopPrinter.print(fused));
        assertSameOutput(fused);
    }

    @Test
    void computeAtFillsAWindowPerIteration() {
        for (String loop : List.of("c", "o")) {
            Kernel fused = new ComputeAt(PRODUCER, loop).apply(CONSUMER);
            LoopVerifier.verify(fused);
            assertFalse(fused.params().stream().anyMatch(b -> b.name().equals("t")));
            assertSameOutput(fused);
        }
        String text = LoopPrinter.print(new ComputeAt(PRODUCER, "o").apply(CONSUMER));
        // Three elements around o, computed where they exist.
        assertTrue(text.contains("allocate t_at_o: f32[3]"), text);
    }

    @Test
    void fusedKernelsScheduleLikeAnyOther() {
        Kernel fused = new ComputeAt(PRODUCER, "c").apply(CONSUMER);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(fused);
        assertSameOutput(s.kernel());
        Kernel inlined = DefaultScheduler.apply(new Inline(PRODUCER).apply(CONSUMER));
        assertSameOutput(inlined);
    }

    @Test
    void producersMustBeElementwise() {
        Kernel guarded = NaiveKernels.parse("""
                kernel p(x: f32[40], t: f32[40]) {
                  for i in 0..40 {
                    if i < 20 {
                      t[i] = x[i]
                    }
                  }
                }
                """);
        assertThrows(ScheduleException.class, () -> new Inline(guarded).apply(CONSUMER));
        Kernel strided = NaiveKernels.parse("""
                kernel p(x: f32[40], t: f32[40]) {
                  for i in 0..20 {
                    t[i*2] = x[i]
                  }
                }
                """);
        ScheduleException e = assertThrows(ScheduleException.class, () -> new Inline(strided).apply(CONSUMER));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
        Kernel writesInput = NaiveKernels.parse("""
                kernel filter(t: f32[40], x: f32[40]) {
                  for i in 0..40 {
                    x[i] = t[i]
                  }
                }
                """);
        e = assertThrows(ScheduleException.class, () -> new Inline(PRODUCER).apply(writesInput));
        assertTrue(e.getMessage().contains("writes x"), e.getMessage());
    }

    @Test
    void fusionStepsReadBackFromText() {
        Schedule s = Schedule.parse("compute_at(bias_relu, c)\nsplit(o, lanes(f32))\n", Map.of("bias_relu", PRODUCER));
        assertEquals("compute_at(bias_relu, c)\nsplit(o, lanes(f32))\n", s.text());
        assertSameOutput(s.apply(CONSUMER));
    }

    private static void assertSameOutput(Kernel fused) {
        for (int lanes : Runs.LANES) {
            float[] want = Runs.runAll(List.of(PRODUCER, CONSUMER), lanes, 9).get("y");
            float[] got = Runs.runAll(List.of(fused), lanes, 9).get("y");
            assertArrayEquals(want, got, LoopPrinter.print(fused));
        }
    }
}
