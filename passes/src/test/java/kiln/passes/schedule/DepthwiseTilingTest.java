package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.passes.loop.LoopPipeline;
import org.junit.jupiter.api.Test;

class DepthwiseTilingTest {
    /** A 3×3 depthwise convolution of 6 channels of 13 × 11 with padding 1, as the lowering writes it. */
    private static final String DEPTHWISE = """
            kernel dw(x: f32[858], w: f32[54], bias: f32[6], out: f32[858]) {
              for g in 0..6 {
                for p0 in 0..13 {
                  for p1 in 0..11 {
                    allocate acc: f32[1] {
                      acc[0] = 0.0
                      for k0 in 0..3 {
                        for k1 in 0..3 {
                          let h0 = p0 + k0 - 1 {
                            let h1 = p1 + k1 - 1 {
                              if 0 <= h0 && h0 < 13 && 0 <= h1 && h1 < 11 {
                                acc[0] = fma(x[g*143 + h0*11 + h1], w[g*9 + k0*3 + k1], acc[0])
                              }
                            }
                          }
                        }
                      }
                      out[g*143 + p0*11 + p1] = max(acc[0] + bias[g], 0.0)
                    }
                  }
                }
              }
            }
            """;

    @Test
    void depthwiseGetsAPaddedCopyAndARegisterTile() {
        Kernel dw = NaiveKernels.parse(DEPTHWISE);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(dw, Target.of(256), Set.of("w", "bias"));
        LoopVerifier.verify(s.kernel());
        // Rows × vectors of 8 lanes in registers, each plane copied with zeros around it so that no tap is
        // guarded, and the partial last tiles computed in full.
        String text = s.schedule().text();
        assertTrue(text.startsWith("split(p1, "), text);
        assertTrue(text.contains("tile_accumulator("), text);
        assertTrue(text.contains("zero_pad(x, g)"), text);
        assertTrue(text.contains("widen_tile(acc_tile)"), text);
        assertTrue(text.contains("parallel(g)"), text);
        DefaultSchedulerTest.assertPreserved(dw, s, 11, "depthwise schedule");
        Kernel replayed = Schedule.parse(text).apply(DefaultScheduler.prepare(dw));
        assertEquals(s.kernel(), replayed);
        // After the loop passes no guard is left around the taps: the only conditions are the stores' tails.
        Kernel k = LoopPipeline.STANDARD.runVerified(s.kernel());
        String printed = LoopPrinter.print(k);
        assertFalse(printed.contains("0 <= h"), printed);
        assertTrue(printed.contains("x_pad"), printed);
        Runs.assertSame(dw, k, 12, "depthwise schedule and loop passes");
    }

    @Test
    void wideDepthwiseGetsAPaddedCopyAndARegisterTile() {
        Kernel dw = NaiveKernels.parse(depthwise(3, 13, 11, 5, 2));
        DefaultScheduler.Scheduled s = DefaultScheduler.run(dw, Target.of(256), Set.of("w"));
        LoopVerifier.verify(s.kernel());
        // Each plane copied with zeros around it so that no tap is guarded.
        String text = s.schedule().text();
        assertTrue(text.contains("tile_accumulator("), text);
        assertTrue(text.contains("zero_pad(x, g)"), text);
        assertFalse(text.contains("zero_fill("), text);
        assertTrue(text.contains("widen_tile(acc_tile)"), text);
        DefaultSchedulerTest.assertPreserved(dw, s, 13, "depthwise schedule");
        // After the loop passes no guard is left around the taps: the only conditions are the stores' tails.
        Kernel k = LoopPipeline.STANDARD.runVerified(s.kernel());
        String printed = LoopPrinter.print(k);
        assertFalse(printed.contains("0 <= h"), printed);
        assertTrue(printed.contains("x_pad"), printed);
        Runs.assertSame(dw, k, 14, "depthwise schedule and loop passes");
    }

    @Test
    void everyVectorWidthAndShapeKeepsTheResult() {
        int[][] shapes = {{1, 1, 9, 3, 1}, {3, 7, 17, 5, 2}, {2, 5, 8, 7, 3}, {4, 3, 4, 3, 1}, {2, 6, 29, 31, 15},
            {5, 12, 12, 3, 0}, {2, 1, 1, 3, 1}, {3, 13, 5, 3, 1}, {2, 8, 16, 3, 1}, {2, 11, 28, 3, 1}, {1, 4, 37, 3, 2}};
        long seed = 40;
        for (int[] sh : shapes) {
            for (int bits : new int[] {128, 256, 512}) {
                Kernel dw = NaiveKernels.parse(depthwise(sh[0], sh[1], sh[2], sh[3], sh[4]));
                DefaultScheduler.Scheduled s = DefaultScheduler.run(dw, Target.of(bits), Set.of("w"));
                LoopVerifier.verify(s.kernel());
                // (Rows shorter than 4 outputs are not worth vectors: the general path takes them.)
                boolean rows = sh[2] + 2 * sh[4] - sh[3] + 1 >= 4;
                assertEquals(rows, s.schedule().text().contains("tile_accumulator"), s.schedule().text());
                DefaultSchedulerTest.assertPreserved(dw, s, seed, "depthwise " + java.util.Arrays.toString(sh));
                Runs.assertSame(dw, LoopPipeline.STANDARD.runVerified(s.kernel()), seed++, "depthwise after the loop passes");
            }
        }
    }

    @Test
    void zeroPadKeepsGuardsThatProtectMoreThanAnAccumulation() {
        Kernel k = NaiveKernels.parse("""
                kernel shift(x: f32[40], y: f32[40]) {
                  for g in 0..4 {
                    for p in 0..10 {
                      let h = p + 1 {
                        if h < 10 {
                          y[g*10 + p] = x[g*10 + h]
                        }
                      }
                    }
                  }
                }
                """);
        Kernel padded = new ZeroPad("x", "g").apply(DefaultScheduler.prepare(k));
        LoopVerifier.verify(padded);
        assertTrue(LoopPrinter.print(padded).contains("if h < 10"), LoopPrinter.print(padded));
        Runs.assertSame(k, padded, 3, "zero_pad keeping a guard");
        assertThrows(ScheduleException.class, () -> new ZeroPad("y", "g").apply(k));
    }

    /** A depthwise convolution of c channels of h × w with a k × k kernel and padding pad on every side. */
    static String depthwise(int c, int h, int w, int k, int pad) {
        int oh = h + 2 * pad - k + 1;
        int ow = w + 2 * pad - k + 1;
        String guard = pad == 0 ? "" : "if 0 <= h0 && h0 < " + h + " && 0 <= h1 && h1 < " + w + " {";
        return """
                kernel dw(x: f32[%d], w: f32[%d], out: f32[%d]) {
                  for g in 0..%d {
                    for p0 in 0..%d {
                      for p1 in 0..%d {
                        allocate acc: f32[1] {
                          acc[0] = 0.0
                          for k0 in 0..%d {
                            for k1 in 0..%d {
                              let h0 = p0 + k0 - %d {
                                let h1 = p1 + k1 - %d {
                                  %s
                                    acc[0] = fma(x[g*%d + h0*%d + h1], w[g*%d + k0*%d + k1], acc[0])
                                  %s
                                }
                              }
                            }
                          }
                          out[g*%d + p0*%d + p1] = acc[0]
                        }
                      }
                    }
                  }
                }
                """.formatted(c * h * w, c * k * k, c * oh * ow, c, oh, ow, k, k, pad, pad, guard, h * w, w, k * k, k,
                pad == 0 ? "" : "}", oh * ow, ow);
    }
}
