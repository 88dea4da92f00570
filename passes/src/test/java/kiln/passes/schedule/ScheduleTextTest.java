package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import org.junit.jupiter.api.Test;

class ScheduleTextTest {

    @Test
    void everyPrimitiveReadsBackAsWritten() {
        Schedule s = Schedule.of(new Split("j", new Expr.Bin(kiln.ir.loop.BinOp.MUL, new Expr.Lanes(ScalarType.F32),
                new Expr.IntImm(ScalarType.I32, 2)), "jo", "ji"), Split.by("i", 4), Reorder.of("io", "jo", "ji", "ii"),
                new Fuse("io", "jo"), new Fuse("a", "b", "ab"), new Vectorize("ji"), new Unroll("ii"), new Parallel("io_jo"),
                new TileAccumulator("jo"), new Inline(FusionTest.PRODUCER), new ComputeAt(FusionTest.PRODUCER, "c"),
                new Parallel("odd name"), new Unroll("for"));
        String text = s.text();
        assertEquals("""
                split(j, lanes(f32)*2, jo, ji)
                split(i, 4)
                reorder(io, jo, ji, ii)
                fuse(io, jo)
                fuse(a, b, ab)
                vectorize(ji)
                unroll(ii)
                parallel(io_jo)
                tile_accumulator(jo)
                inline(bias_relu)
                compute_at(bias_relu, c)
                parallel("odd name")
                unroll("for")
                """, text);
        Schedule back = Schedule.parse(text, Map.of("bias_relu", FusionTest.PRODUCER));
        assertEquals(s, back);
        assertEquals(text, back.text());
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        assertEquals(List.of(new Vectorize("x")), Schedule.parse("# the vector axis\n\n  vectorize(x)  \n").steps());
    }

    @Test
    void badLinesSayWhere() {
        assertError("schedule line 2: splitt(i, 4): unknown primitive splitt", "vectorize(x)\nsplitt(i, 4)\n");
        assertError("expected 1 arguments, found 2", "unroll(i, j)");
        assertError("no producer kernel named p", "inline(p)");
        assertError("split factor 0 is not positive", "split(i, 0)");
        assertError("split factor must be an i32 constant or a multiple of lanes", "split(i, 1.5)");
        assertError("reorder needs two or more different loops", "reorder(i, i)");
        assertError("expected name(arguments)", "vectorize x");
    }

    private static void assertError(String expected, String text) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Schedule.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
