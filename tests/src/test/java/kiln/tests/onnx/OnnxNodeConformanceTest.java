package kiln.tests.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import kiln.tests.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ONNX backend node tests in {@code ../shared/onnx-node}, each imported and run on every {@link Engine}.
 * A test must pass unless the filters file lists it (then it is skipped with its reason, and must not
 * pass: a passing filtered test means the filter line is stale). The summary, in ONNX Runtime's format,
 * is printed and written to {@code tests/target/onnx-conformance.md}.
 */
class OnnxNodeConformanceTest {
    private static final ConformanceSummary SUMMARY = new ConformanceSummary();

    @TestFactory
    Stream<DynamicNode> nodeTests() throws IOException {
        Optional<Path> suite = SharedData.shared("onnx-node");
        Assumptions.assumeTrue(suite.isPresent(), () -> SharedData.absent("onnx-node"));
        Filters filters = Filters.load();
        List<Path> tests = tests(suite.get());
        return Engine.ALL.stream().map(engine -> dynamicContainer(engine.name(), tests.stream()
                .map(dir -> dynamicTest(dir.getFileName().toString(), () -> check(engine, dir, filters)))));
    }

    @Test
    void everyFilterNamesATest() throws IOException {
        Optional<Path> suite = SharedData.shared("onnx-node");
        Assumptions.assumeTrue(suite.isPresent(), () -> SharedData.absent("onnx-node"));
        List<String> names = tests(suite.get()).stream().map(p -> p.getFileName().toString()).toList();
        for (Filters.Entry e : Filters.load().entries()) {
            assertTrue(names.stream().anyMatch(e::matches), Filters.RESOURCE + ":" + e.line() + ": '" + e.pattern()
                    + "' matches no test in the suite");
        }
    }

    private static void check(Engine engine, Path dir, Filters filters) throws IOException {
        NodeTestCase test = NodeTestCase.load(dir);
        Outcome outcome = NodeTestRunner.run(test, engine);
        String reason = filters.reason(test.name());
        SUMMARY.record(engine.name(), test, outcome, reason);
        if (reason != null) {
            if (outcome instanceof Outcome.Succeeded) {
                fail(test.name() + " passes but " + Filters.RESOURCE + " says: " + reason + "; remove that line");
            }
            Assumptions.abort("deliberately unsupported: " + reason);
        }
        switch (outcome) {
            case Outcome.Succeeded s -> {
            }
            case Outcome.NotImplemented n -> fail("not implemented: " + n.message());
            case Outcome.Failed f -> fail(f.reason().label() + ": " + f.message());
        }
    }

    private static List<Path> tests(Path suite) throws IOException {
        try (Stream<Path> s = Files.list(suite)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
    }

    @AfterAll
    static void writeSummary() throws IOException {
        if (SUMMARY.isEmpty()) {
            return;
        }
        String text = SUMMARY.markdown("../shared/onnx-node");
        Path out = SharedData.root().resolve("tests/target/onnx-conformance.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        System.out.println("(written to " + out + ")");
    }
}
