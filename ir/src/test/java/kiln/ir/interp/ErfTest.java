package kiln.ir.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** erf and erfc against values computed with 40-digit arithmetic (mpmath). */
class ErfTest {
    /** x, erf(x), erfc(x). */
    private static final double[][] TABLE = {
        {1e-300, 1.1283791670955126e-300, 1.0},
        {1e-20, 1.1283791670955125e-20, 1.0},
        {1e-08, 1.1283791670955126e-08, 0.9999999887162083},
        {0.1, 0.1124629160182849, 0.887537083981715},
        {0.3, 0.3286267594591274, 0.6713732405408726},
        {0.46875, 0.49261347321793797, 0.507386526782062},
        {0.4688, 0.4926587618132793, 0.5073412381867207},
        {0.5, 0.5204998778130465, 0.4795001221869535},
        {0.75, 0.7111556336535151, 0.28884436634648486},
        {1, 0.8427007929497149, 0.15729920705028513},
        {1.5, 0.9661051464753108, 0.033894853524689274},
        {2, 0.9953222650189527, 0.004677734981047266},
        {2.5, 0.999593047982555, 0.0004069520174449589},
        {3, 0.9999779095030014, 2.209049699858544e-05},
        {3.9999, 0.9999999845700388, 1.5429961215558176e-08},
        {4, 0.9999999845827421, 1.541725790028002e-08},
        {4.0001, 0.9999999845954353, 1.5404564743590145e-08},
        {5, 0.9999999999984626, 1.537459794428035e-12},
        {6, 1.0, 2.1519736712498913e-17},
        {8, 1.0, 1.1224297172982926e-29},
        {10, 1.0, 2.088487583762545e-45},
        {15, 1.0, 7.212994172451207e-100},
        {20, 1.0, 5.395865611607901e-176},
        {26, 1.0, 5.663192408856143e-296},
    };

    @Test
    void matchesHighPrecisionValuesToAFewUlps() {
        for (double[] row : TABLE) {
            assertRelative(row[1], Erf.erf(row[0]), "erf(" + row[0] + ")");
            assertRelative(-row[1], Erf.erf(-row[0]), "erf(" + -row[0] + ")");
            assertRelative(row[2], Erf.erfc(row[0]), "erfc(" + row[0] + ")");
        }
    }

    @Test
    void namedValuesToTwoUlps() {
        assertEquals(0.5204998778130465, Erf.erf(0.5), 2 * Math.ulp(0.52));
        assertEquals(0.8427007929497149, Erf.erf(1), 2 * Math.ulp(0.84));
        assertEquals(0.9953222650189527, Erf.erf(2), 2 * Math.ulp(0.99));
        assertEquals(1.0, Erf.erf(6));
        assertEquals(-1.0, Erf.erf(-6));
    }

    @Test
    void negativeArgumentsOfErfc() {
        assertRelative(1.3286267594591274, Erf.erfc(-0.3), "erfc(-0.3)");
        assertRelative(1.8427007929497148, Erf.erfc(-1), "erfc(-1)");
        assertRelative(1.9999779095030015, Erf.erfc(-3), "erfc(-3)");
        assertEquals(2.0, Erf.erfc(-10));
    }

    @Test
    void specialValues() {
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(-0.0, Erf.erf(-0.0));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
        // erfc(27) ≈ 5.2e-319 is subnormal; Cody's routine flushes it to zero.
        assertTrue(Erf.erfc(27) < 1e-318);
        assertEquals(Double.MIN_NORMAL * 1.1283791670955126, Erf.erf(Double.MIN_NORMAL), 1e-323);
    }

    @Test
    void isOddAndComplementary() {
        for (int i = -8000; i <= 8000; i++) {
            double x = i / 1000.0;
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "oddness at " + x);
            assertEquals(1.0, Erf.erf(x) + Erf.erfc(x), 3e-16, "erf + erfc at " + x);
            if (i > 0) {
                assertTrue(Erf.erf(x) >= Erf.erf((i - 1) / 1000.0), "monotone at " + x);
            }
        }
    }

    private static void assertRelative(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= 2e-15, what + ": expected " + expected + " but was " + actual + " (relative error " + err
                + ")");
    }
}
