package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import kiln.codegen.cpu.KernelCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Op;
import kiln.runtime.SeededRandom;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Graph IR op, on random shapes and attributes ({@link OpCases}), compiled by the whole CPU pipeline and
 * checked against the reference interpreter. The build runs this class at every vector width (128, 256 and
 * 512 bits, forced with {@code kiln.vector.bits}). The seed of each op is fixed, from its name; set the system
 * property {@value #SEED_PROPERTY} to draw other cases (a failure names the seed to reproduce it).
 */
class CompiledOpsTest {
    static final String SEED_PROPERTY = "kiln.test.seed";

    @TestFactory
    Stream<DynamicTest> everyOpMatchesTheReferenceInterpreter() {
        int bits = VectorWidth.BITS;
        OpCases.Sizes sizes = OpCases.Sizes.forBits(bits);
        int count = bits >= 512 ? 2 : 4;
        long base = Long.getLong(SEED_PROPERTY, 0L);
        KernelCompiler compiler = new KernelCompiler(null);
        return OpCases.kinds().stream().map(kind -> DynamicTest.dynamicTest(kind.getSimpleName(), () -> {
            long seed = SeededRandom.seedOf(kind.getSimpleName(), base);
            SplittableRandom r = new SplittableRandom(seed);
            List<OpCase> cases = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                cases.add(OpCases.draw(kind, r, sizes));
            }
            Graph g = Differential.graphOf(kind.getSimpleName().toLowerCase(java.util.Locale.ROOT), cases);
            List<String> problems = Differential.check(g, seed, compiler);
            assertTrue(problems.isEmpty(), () -> Differential.report(g, seed, problems) + "\ncases:\n  "
                    + String.join("\n  ", cases.stream().map(OpCase::toString).toList())
                    + "\nreproduce: -D" + SEED_PROPERTY + "=" + base + " -Dkiln.vector.bits=" + bits);
        }));
    }

    /** A new op must get a generator here before it counts as compiled. */
    @Test
    void everyOpHasAGenerator() {
        TreeSet<String> ops = new TreeSet<>();
        Arrays.stream(Op.class.getPermittedSubclasses()).forEach(c -> ops.add(c.getSimpleName()));
        TreeSet<String> covered = new TreeSet<>();
        OpCases.kinds().forEach(c -> covered.add(c.getSimpleName()));
        assertEquals(ops, covered, "OpCases must draw every op of the Graph IR");
    }
}
