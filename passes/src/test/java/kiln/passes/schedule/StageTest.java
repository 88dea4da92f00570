package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import org.junit.jupiter.api.Test;

/** {@code stage(x, v)}: the window of x an iteration of v reads, copied densely, gives the same results. */
class StageTest {
    /** Panels of 4 pixels (the last one partial) of 6 channels 11 floats apart, by 3 output channels. */
    static final Kernel PANELS = NaiveKernels.parse("""
            kernel k(x: f32[66], w: f32[18], y: f32[33]) {
              for po in 0..3 {
                for o in 0..3 {
                  for pi in 0..4 {
                    if po*4 + pi < 11 {
                      allocate acc: f32[1] {
                        acc[0] = 0.0
                        for c in 0..6 {
                          acc[0] = fma(x[c*11 + po*4 + pi], w[o*6 + c], acc[0])
                        }
                        y[o*11 + po*4 + pi] = acc[0]
                      }
                    }
                  }
                }
              }
            }
            """);

    /** The first two panels, whose windows lie inside x, apart from the last. */
    private static final Kernel SPLIT = new IndexSplit("po", List.of(2L)).apply(PANELS);

    @Test
    void panelsReadTheirCopy() {
        Kernel staged = new Stage("x", "po_0").apply(SPLIT);
        LoopVerifier.verify(staged);
        String text = LoopPrinter.print(staged);
        assertTrue(text.contains("allocate x_stage: f32[32]") && text.contains("x_stage[c*4 + pi]"), text);
        Runs.assertSame(PANELS, staged, 5, "stage(x, po_0)");
        assertEquals("stage(x, po_0)\n", Schedule.parse("stage(x, po_0)\n").text());
    }

    @Test
    void theWholeWindowMustLieInsideTheBuffer() {
        // In the last panel the window of 4 pixels reaches x[5*11 + 8 + 3] = x[66], past the end: the guard
        // kept the reads inside, the copy would not be.
        ScheduleException e = assertThrows(ScheduleException.class, () -> new Stage("x", "po_1").apply(SPLIT));
        assertTrue(e.getMessage().contains("not inside"), e.getMessage());
        assertThrows(ScheduleException.class, () -> new Stage("x", "po").apply(PANELS));
        assertThrows(ScheduleException.class, () -> new Stage("y", "po_0").apply(SPLIT));
    }
}
