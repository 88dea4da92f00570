package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityTest {
    private final Stability s = new Stability(0.03, 2);

    @Test
    void needsMoreWindowsThanItsCalm() {
        assertFalse(s.stable(List.of()));
        assertFalse(s.stable(List.of(1.0, 1.0)));
        assertTrue(s.stable(List.of(1.0, 1.0, 1.0)));
    }

    @Test
    void aWindowMoreThanThreePercentFasterThanAllBeforeItIsStillWarmingUp() {
        assertFalse(s.stable(List.of(10.0, 5.0, 5.0, 4.0)));
        assertFalse(s.stable(List.of(10.0, 5.0, 4.0, 4.0)), "only one calm window since the last gain");
        assertTrue(s.stable(List.of(10.0, 5.0, 4.0, 4.0, 3.95)), "1.25% is not a gain");
    }

    @Test
    void slowerWindowsAreCalm() {
        assertTrue(s.stable(List.of(10.0, 5.0, 6.0, 7.0)));
    }
}
