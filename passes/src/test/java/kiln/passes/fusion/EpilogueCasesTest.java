package kiln.passes.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Uses;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The epilogue transformation on IR text: {@code fusion/epilogue/*.loop} holds a producer kernel, a line
 * {@code # consumer}, the consumer, then either {@code # expect} and the fused kernel, or
 * {@code # expect error: TEXT} with part of the refusal. The buffer fused through is the one the producer
 * writes and the consumer reads. A fused kernel verifies and, on the loop interpreter, writes exactly (bit
 * for bit) what the two kernels wrote into the consumer's output. Rerun with
 * {@code -Dkiln.updateGoldens=true} to rewrite the expected kernels, then review the diff.
 */
class EpilogueCasesTest {
    static final String CONSUMER = "\n# consumer\n";
    static final String EXPECT = "\n# expect\n";
    static final String ERROR = "\n# expect error: ";

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("fusion/epilogue").toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.toString().endsWith(".loop")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
        }
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        String name = file.getFileName().toString();
        int consumerAt = text.indexOf(CONSUMER);
        int errorAt = text.indexOf(ERROR);
        int expectAt = text.indexOf(EXPECT);
        int end = errorAt >= 0 ? errorAt : expectAt >= 0 ? expectAt : text.length();
        Kernel producer = LoopParser.parseKernel(name, text.substring(0, consumerAt));
        Kernel consumer = LoopParser.parseKernel(name, text.substring(consumerAt + CONSUMER.length(), end));
        LoopVerifier.verify(producer);
        LoopVerifier.verify(consumer);
        Buffer via = via(producer, consumer);
        String fusedName = producer.name() + "_" + consumer.name();
        if (errorAt >= 0) {
            String want = text.substring(errorAt + ERROR.length()).strip();
            FusionException e = assertThrows(FusionException.class, () -> Epilogue.fuse(producer, consumer, via, fusedName));
            assertTrue(e.getMessage().contains(want), e.getMessage());
            return;
        }
        Kernel fused = Epilogue.fuse(producer, consumer, via, fusedName);
        LoopVerifier.verify(fused);
        if (Boolean.getBoolean("kiln.updateGoldens")) {
            Path inTree = Path.of(System.getProperty("kiln.root", ".."), "passes/src/test/resources/fusion/epilogue", name);
            Files.writeString(inTree, text.substring(0, end) + EXPECT + LoopPrinter.print(fused));
        } else {
            Kernel expected = LoopParser.parseKernel(name, text.substring(expectAt + EXPECT.length()));
            assertEquals(LoopPrinter.print(expected), LoopPrinter.print(fused), name);
        }
        assertTrue(fused.params().stream().noneMatch(b -> b.equals(via)), name + ": still takes " + via.name());
        Buffer out = Uses.written(consumer.body()).iterator().next();
        for (int lanes : KernelRuns.LANES) {
            float[] want = KernelRuns.run(List.of(producer, consumer), lanes, 7).get(out.name());
            float[] got = KernelRuns.run(List.of(fused), lanes, 7).get(out.name());
            assertArrayEquals(want, got, name + " at " + lanes + " lanes");
        }
    }

    /** The buffer the producer writes and the consumer takes. */
    private static Buffer via(Kernel producer, Kernel consumer) {
        List<Buffer> shared = new ArrayList<>();
        for (Buffer b : Uses.written(producer.body())) {
            if (consumer.params().contains(b)) {
                shared.add(b);
            }
        }
        assertEquals(1, shared.size(), "the producer and consumer must share exactly one written buffer: " + shared);
        return shared.getFirst();
    }
}
