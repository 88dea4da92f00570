package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityTest {
    private final Stability s = new Stability(0.03, 2, 20);

    /** Windows of these medians with a quiet JIT. */
    private static List<Stability.Window> quiet(double... medians) {
        return Arrays.stream(medians).mapToObj(m -> new Stability.Window(m, 0)).toList();
    }

    @Test
    void needsMoreWindowsThanItsCalm() {
        assertFalse(s.stable(quiet()));
        assertFalse(s.stable(quiet(1, 1)));
        assertTrue(s.stable(quiet(1, 1, 1)));
    }

    @Test
    void aWindowMoreThanThreePercentFasterThanAllBeforeItIsStillWarmingUp() {
        assertFalse(s.stable(quiet(10, 5, 5, 4)));
        assertFalse(s.stable(quiet(10, 5, 4, 4)), "only one calm window since the last gain");
        assertTrue(s.stable(quiet(10, 5, 4, 4, 3.95)), "1.25% is not a gain");
    }

    @Test
    void slowerWindowsAreCalm() {
        assertTrue(s.stable(quiet(10, 5, 6, 7)));
    }

    @Test
    void flatTimesWhileTheJitIsBusyAreNotSteadyState() {
        List<Stability.Window> busy = List.of(new Stability.Window(5, 900), new Stability.Window(5, 700),
                new Stability.Window(5, 400));
        assertFalse(s.stable(busy));
        List<Stability.Window> done = List.of(new Stability.Window(5, 900), new Stability.Window(5, 10),
                new Stability.Window(5, 0));
        assertTrue(s.stable(done));
    }
}
