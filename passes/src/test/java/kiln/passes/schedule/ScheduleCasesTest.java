package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;
import kiln.ir.loop.LoopPrinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Schedule primitives on IR text: each file under {@code schedule/} holds a kernel, the schedule after a
 * line {@code # schedule}, and either the expected kernel after {@code # expect} or, after {@code # error},
 * a piece of the message the schedule must fail with. Results are also checked on the interpreter.
 */
class ScheduleCasesTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return files().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path p) throws IOException {
        String text = Files.readString(p);
        String[] parts = text.split("\n# (schedule|expect|error)\n");
        Kernel before = LoopParser.parseKernel(p.getFileName().toString(), parts[0]);
        Schedule schedule = Schedule.parse(parts[1]);
        assertEquals(parts[1].strip(), schedule.text().strip(), "the schedule reads back as written");
        if (text.contains("\n# error\n")) {
            ScheduleException e = assertThrows(ScheduleException.class, () -> schedule.apply(before));
            assertTrue(e.getMessage().contains(parts[2].strip()), e.getMessage());
            return;
        }
        Kernel expected = LoopParser.parseKernel(p.getFileName().toString(), parts[2]);
        Kernel after = schedule.apply(before);
        assertEquals(LoopPrinter.print(expected), LoopPrinter.print(after));
        assertEquals(expected, after);
        Runs.assertSame(before, after, 17, p.getFileName().toString());
    }

    private static List<Path> files() {
        try {
            Path dir = Path.of(ScheduleCasesTest.class.getClassLoader().getResource("schedule").toURI());
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(f -> f.toString().endsWith(".loop")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
