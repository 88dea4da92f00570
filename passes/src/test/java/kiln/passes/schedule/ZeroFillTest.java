package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import org.junit.jupiter.api.Test;

class ZeroFillTest {
    /**
     * A 3-tap filter along rows of 13 and across 3 rows (4 rows of 13), padding 1, vectorized along the row in
     * tiles of 8 lanes: the column guards vary across lanes, the row guard does not.
     */
    private static final String FILTER = """
            kernel f(x: f32[52], w: f32[9], out: f32[64]) {
              for r in 0..4 {
                for k0 in 0..3 {
                  for k1 in 0..3 {
                    for jo in 0..2 {
                      for j in 0..8 vectorized {
                        let v = r + k0 - 1 {
                          let h = jo*8 + j + k1 - 1 {
                            if 0 <= v && v < 4 && 0 <= h && h < 13 {
                              out[r*16 + jo*8 + j] = fma(x[v*13 + h], w[k0*3 + k1], out[r*16 + jo*8 + j])
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            """;

    @Test
    void laneGuardsBecomeZeroReadsAndRowGuardsStay() {
        Kernel k = NaiveKernels.parse(FILTER);
        Kernel filled = new ZeroFill("x").apply(k);
        LoopVerifier.verify(filled);
        String printed = LoopPrinter.print(filled);
        assertTrue(printed.contains("if 0 <= v && v < 4 {"), printed);
        assertTrue(printed.contains("fma(select(0 <= h && h < 13, x[v*13 + h], 0.0)"), printed);
        Runs.assertSame(k, filled, 5, "zero_fill");
        assertEquals("zero_fill(x)", new ZeroFill("x").text());
        assertEquals(filled, Schedule.parse("zero_fill(x)").apply(k));
    }

    @Test
    void nestedLaneGuardsJoinInOneSelect() {
        Kernel k = NaiveKernels.parse(FILTER.replace("if 0 <= v && v < 4 && 0 <= h && h < 13 {",
                "if 0 <= h { if h < 13 { if 0 <= v { if v < 4 {").replace("out[r*16 + jo*8 + j])\n",
                "out[r*16 + jo*8 + j]) } } }\n"));
        Kernel filled = new ZeroFill("x").apply(k);
        String printed = LoopPrinter.print(filled);
        assertFalse(printed.contains("if 0 <= h"), printed);
        assertFalse(printed.contains("if h < 13"), printed);
        assertTrue(printed.contains("select(0 <= h && h < 13, x["), printed);
        Runs.assertSame(k, filled, 6, "zero_fill of nested guards");
    }

    @Test
    void guardsThatProtectMoreThanAnAccumulationStay() {
        // A copy is not an accumulation: reading a zero would store it.
        Kernel copy = NaiveKernels.parse("""
                kernel shift(x: f32[16], y: f32[16]) {
                  for jo in 0..2 {
                    for j in 0..8 vectorized {
                      let h = jo*8 + j + 1 {
                        if h < 16 {
                          y[jo*8 + j] = x[h]
                        }
                      }
                    }
                  }
                }
                """);
        assertThrows(ScheduleException.class, () -> new ZeroFill("x").apply(copy));
        // No vectorized loop: every guard is a branch the same for all lanes.
        Kernel scalar = NaiveKernels.parse(FILTER.replace(" vectorized", ""));
        assertThrows(ScheduleException.class, () -> new ZeroFill("x").apply(scalar));
        // The weights are not an input read under the guard in this kernel, and the output is written.
        Kernel k = NaiveKernels.parse(FILTER);
        assertThrows(ScheduleException.class, () -> new ZeroFill("w").apply(k));
        assertThrows(ScheduleException.class, () -> new ZeroFill("out").apply(k));
    }
}
