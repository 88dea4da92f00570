package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void aFilterQuickAndThreads() {
        Bench.Options o = Bench.Options.parse("--quick", "dw", "--threads", "4");
        assertEquals("dw", o.filter());
        assertTrue(o.quick());
        assertEquals(4, o.threads());
        assertTrue(o.wants("dw7_96_56") && !o.wants("matmul_1024"));
        Bench.Options all = Bench.Options.parse();
        assertTrue(all.wants("anything") && !all.quick() && all.threads() == 2);
        assertTrue(all.rounds() > o.rounds() && all.modelCap() > o.modelCap());
        Bench.Options either = Bench.Options.parse("conv3x3|bottleneck");
        assertTrue(either.wants("conv3x3s2_128_28") && either.wants("bottleneck") && !either.wants("conv1x1_256_56"));
    }

    @Test
    void mistakesAreRefusedWithTheUsage() {
        for (String[] args : new String[][] {{"--threads"}, {"--threads", "0"}, {"--threads", "x"}, {"--fast"}, {"dw["}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(args));
            assertTrue(e.getMessage().contains(Bench.USAGE), e.getMessage());
        }
    }
}
