package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void tablesArePaddedMarkdownWithRightAlignedNumbers() {
        String t = new MarkdownTable("name", ">ms").row("conv", "1.5").row("matmul_1024", "12.25").render();
        assertEquals("""
                | name        |    ms |
                | ----------- | ----: |
                | conv        |   1.5 |
                | matmul_1024 | 12.25 |
                """, t);
    }

    @Test
    void millisecondsKeepThreeSignificantDigits() {
        assertEquals("0.162", MarkdownTable.ms(0.1623));
        assertEquals("1.66", MarkdownTable.ms(1.664));
        assertEquals("27.4", MarkdownTable.ms(27.43));
        assertEquals("118", MarkdownTable.ms(118.2));
        assertEquals("84%", MarkdownTable.percent(0.8412));
    }

    @Test
    void rooflineTakesTheLargerOfComputeAndMemoryTime() {
        Ceilings c = new Ceilings(100, 200, 10); // ridge 20 flop/byte
        Ceilings.Roofline compute = c.roofline(new Cost(2e9, 1e6));
        assertEquals(10, compute.ms(), 1e-9);
        assertEquals(Ceilings.Roofline.Bound.COMPUTE, compute.bound());
        Ceilings.Roofline memory = c.roofline(new Cost(2e6, 1e8));
        assertEquals(10, memory.ms(), 1e-9);
        assertEquals(Ceilings.Roofline.Bound.MEMORY, memory.bound());
    }

    @Test
    void aRowStatesRatioEfficiencyAndBound() {
        // 2 GFLOP in 20 ms (median) = 100 GFLOP/s, half of a 200 GFLOP/s peak; the floor is 10 ms.
        Result r = new Result("w", new Cost(2e9, 1e6), new Samples(new double[] {20, 19, 30}),
                new Samples(new double[] {40, 41, 39}), 3e-7, new Sampler.WarmUp(1.5, 30, true, 900, 20), 2);
        String table = Report.workloads(List.of(r), new Ceilings(100, 200, 10));
        String row = table.lines().toList().get(2);
        assertEquals(List.of("w", "20.0", "19.0", "40.0", "39.0", "2.00×", "100.0", "50%", "50%", "compute", "3.0e-07", "1.5"),
                List.of(row.substring(1, row.length() - 1).split("\\s*\\|\\s*")).stream().map(String::strip).toList());
        Result bad = new Result("w", new Cost(1, 1), new Samples(new double[] {1}), new Samples(new double[] {1}), 1e-3,
                new Sampler.WarmUp(60, 30, false, 900, 20), 2);
        String badRow = Report.workloads(List.of(bad), new Ceilings(100, 200, 10)).lines().toList().get(2);
        assertTrue(badRow.contains("DISAGREE") && badRow.contains("(cap)"), badRow);
    }
}
