package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import org.junit.jupiter.api.Test;

/** Weight packing: the kernel reads a relaid-out copy that a packing kernel makes from the original. */
class PackTest {
    /** y[r, o] = x[r, :] · w[o, :]: the weight is strided along the output features. */
    static final Kernel LINEAR = NaiveKernels.parse("""
            kernel linear(x: f32[140], w: f32[340], y: f32[119]) {
              for r in 0..7 {
                for o in 0..17 {
                  allocate acc: f32[1] {
                    acc[0] = 0.0
                    for p in 0..20 {
                      acc[0] = fma(x[r*20 + p], w[o*20 + p], acc[0])
                    }
                    y[r*17 + o] = acc[0]
                  }
                }
              }
            }
            """);

    @Test
    void transposedWeightsMakeTheOutputAxisContiguous() {
        Pack pack = Pack.permute("w", List.of(17L, 20L), List.of(1, 0));
        Kernel packed = pack.apply(LINEAR);
        LoopVerifier.verify(packed);
        assertTrue(LoopPrinter.print(packed).contains("w_packed[p*17 + o]"), LoopPrinter.print(packed));
        assertSameOutput(LINEAR, pack.packer(LINEAR), packed);
        // Strided weights kept the default schedule from vectorizing; packed, it tiles.
        assertTrue(!DefaultScheduler.run(LINEAR).schedule().text().contains("tile_accumulator"));
        DefaultScheduler.Scheduled s = DefaultScheduler.run(packed);
        assertTrue(s.schedule().text().contains("tile_accumulator"), s.schedule().text());
        assertSameOutput(LINEAR, pack.packer(LINEAR), s.kernel());
    }

    @Test
    void blockedLayoutsPadTheLastBlock() {
        // Output features in blocks of 4 (the last one partial), innermost: w[o/4, p, o%4].
        Pack pack = new Pack("w", List.of(17L, 20L), List.of(0, 1), 0, 4);
        assertEquals(List.of(5L, 20L, 4L), pack.packedDims());
        Kernel packed = pack.apply(LINEAR);
        LoopVerifier.verify(packed);
        assertTrue(LoopPrinter.print(packed).contains("w_packed[o // 4*80 + p*4 + o % 4]"), LoopPrinter.print(packed));
        Kernel packer = pack.packer(LINEAR);
        LoopVerifier.verify(packer);
        assertSameOutput(LINEAR, packer, packed);
        assertSameOutput(LINEAR, packer, DefaultScheduler.apply(packed));
    }

    @Test
    void packReadsBackFromText() {
        Schedule s = Schedule.parse("pack(w, [17, 20], [1, 0])\npack(x, [7, 20], [0, 1], 1, 8)\n");
        assertEquals("pack(w, [17, 20], [1, 0])\npack(x, [7, 20], [0, 1], 1, 8)\n", s.text());
        assertEquals(Pack.permute("w", List.of(17L, 20L), List.of(1, 0)), s.steps().getFirst());
    }

    @Test
    void onlyReadBuffersPack() {
        ScheduleException e = assertThrows(ScheduleException.class,
                () -> Pack.permute("y", List.of(7L, 17L), List.of(1, 0)).apply(LINEAR));
        assertTrue(e.getMessage().contains("writes y"), e.getMessage());
        assertThrows(ScheduleException.class, () -> Pack.permute("w", List.of(17L, 20L), List.of(0, 0)));
        assertThrows(ScheduleException.class, () -> Pack.permute("w", List.of(18L, 20L), List.of(1, 0)).apply(LINEAR));
    }

    /** The packer then the packed kernel compute what the original kernel does, bit for bit. */
    private static void assertSameOutput(Kernel original, Kernel packer, Kernel packed) {
        for (int lanes : Runs.LANES) {
            float[] want = Runs.runAll(List.of(original), lanes, 3).get("y");
            Map<String, float[]> got = Runs.runAll(List.of(packer, packed), lanes, 3);
            assertArrayEquals(want, got.get("y"), LoopPrinter.print(packed));
        }
    }
}
