package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void arithmeticContainsEveryResult() {
        Random r = new Random(7);
        for (int c = 0; c < 2000; c++) {
            Interval a = random(r);
            Interval b = random(r);
            for (int s = 0; s < 20; s++) {
                long x = a.lo() + (long) (r.nextDouble() * (a.hi() - a.lo() + 1));
                long y = b.lo() + (long) (r.nextDouble() * (b.hi() - b.lo() + 1));
                x = Math.min(x, a.hi());
                y = Math.min(y, b.hi());
                String what = a + " " + b + " at " + x + ", " + y;
                assertTrue(a.add(b).contains(x + y), "add " + what);
                assertTrue(a.sub(b).contains(x - y), "sub " + what);
                assertTrue(a.mul(b).contains(x * y), "mul " + what);
                assertTrue(a.min(b).contains(Math.min(x, y)), "min " + what);
                assertTrue(a.max(b).contains(Math.max(x, y)), "max " + what);
                if (y != 0) {
                    assertTrue(a.floorDiv(b).contains(Math.floorDiv(x, y)), "floorDiv " + what);
                }
                if (y > 0) {
                    assertTrue(a.floorMod(b).contains(Math.floorMod(x, y)), "floorMod " + what);
                }
            }
        }
    }

    @Test
    void infinitiesSaturate() {
        Interval up = new Interval(1, Interval.POS_INF);
        assertEquals(new Interval(2, Interval.POS_INF), up.add(Interval.point(1)));
        assertEquals(new Interval(Interval.NEG_INF, -1), up.negate());
        assertEquals(new Interval(Interval.NEG_INF, -2), up.mul(Interval.point(-2)));
        assertEquals(new Interval(0, 4), up.floorMod(Interval.point(5)));
        assertEquals(Interval.ALL, Interval.point(3).floorDiv(new Interval(-1, 1)));
        assertTrue(Interval.EMPTY.add(up).isEmpty());
    }

    private static Interval random(Random r) {
        long lo = r.nextInt(201) - 100;
        return new Interval(lo, lo + r.nextInt(60));
    }
}
