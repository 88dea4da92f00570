package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file under {@code diagnostics/} is a model with mistakes; {@code NAME.expected} lists the
 * diagnostics it must produce, one per line as {@code CODE file:line:col}. Codes and locations are
 * compared, never the wording. A file named after a code (undefined_name.kiln) must report that code.
 */
class DiagnosticGoldenTest {
    private static final String DIR = "diagnostics";

    @TestFactory
    Stream<DynamicTest> everyFileReportsItsDiagnostics() throws IOException {
        List<Path> files = Goldens.files(Goldens.resources(DIR), ".kiln");
        assertTrue(files.size() >= 20, "diagnostic files: " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static List<Diagnostic> diagnose(Path file) throws IOException {
        Source source = new Source(file.getFileName().toString(), file, Files.readString(file));
        return KilnCompiler.compile(source).diagnostics();
    }

    private static void check(Path file) throws IOException {
        List<Diagnostic> found = diagnose(file);
        assertFalse(found.isEmpty(), file + " compiles without errors");
        for (Diagnostic d : found) {
            String text = d.render();
            assertTrue(text.startsWith(d.span().location() + ": "), text);
            assertTrue(text.contains("[" + d.code().code() + "]"), text);
            assertTrue(text.lines().skip(2).findFirst().orElse("").trim().startsWith("^"), "caret line: " + text);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.kiln$", "");
        Code named = Arrays.stream(Code.values()).filter(c -> c.name().equalsIgnoreCase(stem)).findFirst().orElse(null);
        if (named != null) {
            assertTrue(found.stream().anyMatch(d -> d.code() == named), file + " should report " + named + ": " + found);
        }
        String actual = found.stream().map(Diagnostic::key).collect(Collectors.joining("\n", "", "\n"));
        Goldens.check(DIR, stem + ".expected", actual);
    }

    @Test
    void theGoldensCoverAtLeastTwentyDistinctCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (Path f : Goldens.files(Goldens.resources(DIR), ".expected")) {
            for (String line : Files.readAllLines(f)) {
                codes.add(line.split(" ")[0]);
            }
        }
        assertTrue(codes.size() >= 20, "distinct codes in the goldens: " + codes);
    }

    @Test
    void codesAreUniqueAndWellFormed() {
        Set<String> seen = new TreeSet<>();
        for (Code c : Code.values()) {
            assertTrue(c.code().matches("K0[1-6]\\d\\d"), c.code());
            assertTrue(seen.add(c.code()), "duplicate code " + c.code());
        }
    }
}
