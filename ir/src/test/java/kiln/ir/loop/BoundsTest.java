package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BoundsTest {
    private static final Expr.Var I = new Expr.Var("i", ScalarType.I32);
    private static final Expr.Var J = new Expr.Var("j", ScalarType.I32);
    private static final Expr.Var K = new Expr.Var("k", ScalarType.I32);

    private static Expr parse(String s) {
        return LoopParser.parseExpr(s, List.of(), List.of(I, J, K));
    }

    @Test
    void lanesAreOneOfThreeWidths() {
        Expr lanes = new Expr.Lanes(ScalarType.F32);
        assertEquals(new Interval(4, 16), Bounds.range(lanes, Facts.EMPTY));
        assertEquals(new Interval(2, 8), Bounds.range(new Expr.Lanes(ScalarType.F64), Facts.EMPTY));
        // 48 is a multiple of every f32 lane count, 40 is not.
        assertTrue(Bounds.proveTrue(parse("48 % lanes(f32) == 0"), Facts.EMPTY));
        assertFalse(Bounds.proveTrue(parse("40 % lanes(f32) == 0"), Facts.EMPTY));
        assertEquals(OptionalLong.of(1), Bounds.constant(parse("(3 + lanes(f32) - 1) // lanes(f32)"), Facts.EMPTY));
        assertEquals(OptionalLong.empty(), Bounds.constant(parse("(20 + lanes(f32) - 1) // lanes(f32)"), Facts.EMPTY));
    }

    @Test
    void guardsOnSumsBoundTheirVariablesAndTheSums() {
        Facts f = Facts.EMPTY.withLoop(I, parse("(30 + lanes(f32) - 1) // lanes(f32)")).withLoop(J, new Expr.Lanes(ScalarType.F32))
                .withCondition(parse("i*lanes(f32) + j < 30"));
        // The guard bounds the sum where it appears, and each variable given the least of the other.
        assertEquals(new Interval(0, 29), Bounds.range(parse("i*lanes(f32) + j"), f));
        assertEquals(new Interval(0, 15), Bounds.range(J, f));
        assertEquals(new Interval(-29, 0), Bounds.range(parse("0 - i*lanes(f32) - j"), f));
        Facts g = Facts.EMPTY.withLoop(K, RandomLoopIr.i32(3)).withLoop(J, RandomLoopIr.i32(8))
                .withCondition(parse("1 <= k + j && k + j < 9"));
        assertEquals(new Interval(0, 7), Bounds.range(parse("k + j - 1"), g));
        assertTrue(Bounds.proveTrue(parse("(k + j - 1) // 8 == 0"), g));
    }

    @Test
    void nonAffineFormsGetSoundRanges() {
        Facts f = Facts.EMPTY.withLoop(I, RandomLoopIr.i32(10)).withLoop(J, RandomLoopIr.i32(7));
        assertEquals(new Interval(0, 2), Bounds.range(parse("i // 4"), f));
        assertEquals(new Interval(0, 6), Bounds.range(parse("(i*7 + j) % 7"), f));
        assertEquals(new Interval(0, 6), Bounds.range(parse("min(i, j)"), f));
        assertEquals(new Interval(-9, 0), Bounds.range(parse("-i"), f));
        assertEquals(new Interval(0, 54), Bounds.range(parse("i*j + i - i"), f));
        assertEquals(Interval.BOOL, Bounds.range(parse("i < j"), f));
        assertEquals(new Interval(0, 9), Bounds.range(parse("select(i < j, i, j)"), f));
    }

    @Test
    void emptyLoopsMakeEverythingVacuous() {
        Facts f = Facts.EMPTY.withLoop(I, RandomLoopIr.i32(0));
        assertTrue(Bounds.range(I, f).isEmpty());
        assertTrue(Bounds.proveTrue(parse("i < 0"), f));
    }
}
