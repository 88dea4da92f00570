package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgreementTest {
    @Test
    void normwiseErrorIsTheNormOfTheDifferenceOverTheNormOfTheExpected() {
        assertEquals(0, Agreement.normwise(new float[] {3, 4}, new float[] {3, 4}));
        assertEquals(0.2, Agreement.normwise(new float[] {3, 4}, new float[] {3, 5}), 1e-12);
        assertEquals(0, Agreement.normwise(new float[] {0, 0}, new float[] {0, 0}));
        assertTrue(Agreement.normwise(new float[] {0}, new float[] {1e-30f}) > 1);
        assertTrue(Double.isNaN(Agreement.normwise(new float[] {1}, new float[] {Float.NaN})));
        assertThrows(IllegalArgumentException.class, () -> Agreement.normwise(new float[1], new float[2]));
    }

    @Test
    void worstMatchesOutputsByNameOrElseInOrder() {
        Map<String, float[]> expected = new LinkedHashMap<>();
        expected.put("a", new float[] {1});
        expected.put("b", new float[] {2});
        Map<String, float[]> byName = new LinkedHashMap<>();
        byName.put("b", new float[] {2});
        byName.put("a", new float[] {1.5f});
        assertEquals(0.5, Agreement.worst(expected, byName), 1e-12);
        Map<String, float[]> renamed = new LinkedHashMap<>();
        renamed.put("y0", new float[] {1});
        renamed.put("y1", new float[] {2.2f});
        assertEquals(0.1, Agreement.worst(expected, renamed), 1e-6);
    }
}
