package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SimplifyTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return LoopCases.under("loop/simplify").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Kernel before = LoopParser.parseKernel(c.name() + ".loop", c.before());
            Kernel expected = LoopParser.parseKernel(c.name() + ".loop", c.expected());
            LoopVerifier.verify(before);
            Kernel after = Simplify.kernel(before);
            LoopVerifier.verify(after);
            assertEquals(LoopPrinter.print(expected), LoopPrinter.print(after));
            assertEquals(expected, after);
            assertSame(after, Simplify.kernel(after));
        }));
    }

    @Test
    void unchangedKernelIsTheSameInstance() {
        Kernel k = LoopParser.parseKernel(LoopTextTest.MATMUL);
        assertSame(k, Simplify.kernel(k));
    }

    @Test
    void expressionsUnderFacts() {
        Expr.Var i = new Expr.Var("i", ScalarType.I32);
        Expr.Var j = new Expr.Var("j", ScalarType.I32);
        Facts f = Facts.EMPTY.withLoop(i, RandomLoopIr.i32(10)).withLoop(j, new Expr.Lanes(ScalarType.F32));
        List<Expr.Var> vars = List.of(i, j);
        assertEquals("i", text(Simplify.expr(parse("(i*lanes(f32) + j) // lanes(f32)", vars), f)));
        assertEquals("j", text(Simplify.expr(parse("(i*lanes(f32)*2 + j) % (lanes(f32)*2)", vars), f)));
        assertEquals("true", text(Simplify.expr(parse("i*lanes(f32) + j < lanes(f32)*10", vars), f)));
        assertEquals("false", text(Simplify.expr(parse("j == lanes(f32)", vars), f)));
        assertEquals("i", text(Simplify.expr(parse("min(i, 9)", vars), f)));
        assertEquals("3", text(Simplify.expr(parse("max(i, 9) // 3", vars), f)));
        assertEquals("i < j", text(Simplify.expr(parse("i - j + 3 < 3", vars), f)));
        assertEquals("1 <= i", text(Simplify.expr(parse("0 <= i - 1", vars), f)));
        assertEquals("0", text(Simplify.expr(parse("i*3 - (i + i + i)", vars), f)));
        // Not decidable without knowing lanes: stays.
        assertEquals("j < 8", text(Simplify.expr(parse("j < 8", vars), f)));
    }

    @Test
    void intervalsOfAffineFormsAreExact() {
        Expr.Var jo = new Expr.Var("jo", ScalarType.I32);
        Expr.Var ji = new Expr.Var("ji", ScalarType.I32);
        Expr lanes = new Expr.Lanes(ScalarType.F32);
        Facts f = Facts.EMPTY.withLoop(jo, parse("(100 + lanes(f32) - 1) // lanes(f32)", List.of())).withLoop(ji, lanes);
        Expr idx = parse("jo*lanes(f32) + ji", List.of(jo, ji));
        long[] hi = new long[3];
        for (int w = 0; w < 3; w++) {
            hi[w] = Bounds.range(idx, f, w).hi();
        }
        assertArrayEquals(new long[] {99, 103, 111}, hi);
        assertEquals(new Interval(0, 111), Bounds.range(idx, f));
    }

    private static Expr parse(String s, List<Expr.Var> vars) {
        return LoopParser.parseExpr(s, List.of(), vars);
    }

    private static String text(Expr e) {
        return LoopPrinter.print(e);
    }
}
