package kiln.passes.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loop passes on IR text: {@code loop/<pass name>/*.loop} holds a kernel, a line {@code # expect} and the
 * kernel the pass makes of it. The result verifies, and running the pass again changes nothing.
 */
class LoopPassCasesTest {
    static final Map<String, LoopPass> PASSES = Map.of(
            "remove-dead-loops", RemoveDeadLoops.INSTANCE,
            "expand-unrolled", ExpandUnrolled.INSTANCE,
            "contract-fma", ContractFma.INSTANCE,
            "hoist-invariants", HoistInvariants.INSTANCE,
            "simplify", SimplifyLoops.INSTANCE);

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("loop").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".loop")).sorted().toList();
            return all.stream().map(p -> DynamicTest.dynamicTest(p.getParent().getFileName() + "/" + p.getFileName(),
                    () -> check(PASSES.get(p.getParent().getFileName().toString()), p)));
        }
    }

    private static void check(LoopPass pass, Path p) {
        try {
            String[] parts = Files.readString(p).split("\n# expect\n");
            Kernel before = LoopParser.parseKernel(p.getFileName().toString(), parts[0]);
            Kernel expected = LoopParser.parseKernel(p.getFileName().toString(), parts[1]);
            LoopVerifier.verify(before);
            Kernel after = pass.run(before);
            LoopVerifier.verify(after);
            assertEquals(LoopPrinter.print(expected), LoopPrinter.print(after));
            assertEquals(expected, after);
            assertSame(after, pass.run(after), pass.name() + " changes its own output");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
