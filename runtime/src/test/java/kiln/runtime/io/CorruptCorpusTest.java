package kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kiln.runtime.io.TensorFileException.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the corrupt corpus is rejected with the kind its README row names, and with nothing else:
 * no IndexOutOfBounds, NumberFormat, BufferUnderflow or other exception may escape a reader.
 */
class CorruptCorpusTest {
    private static final boolean UPDATE = Boolean.getBoolean("kiln.updateCorpus");

    /**
     * The corpus in the source tree, so an update lands where it is committed: under the checkout root
     * when the build names it, else relative to the module folder (where surefire runs tests).
     */
    static Path corpusDir() {
        Path inModule = Path.of("src", "test", "resources", "corrupt");
        String root = System.getProperty("kiln.root");
        if (root != null) {
            Path fromRoot = Path.of(root, "runtime").resolve(inModule);
            if (Files.isDirectory(fromRoot)) {
                return fromRoot;
            }
        }
        return inModule;
    }

    @BeforeAll
    static void updateWhenAsked() throws IOException {
        if (!UPDATE) {
            return;
        }
        Path dir = corpusDir();
        for (String folder : List.of("npy", "safetensors")) {
            Files.createDirectories(dir.resolve(folder));
            try (Stream<Path> old = Files.list(dir.resolve(folder))) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        for (CorruptCorpus.Case c : CorruptCorpus.cases()) {
            Files.write(dir.resolve(c.path()), c.bytes());
        }
        Files.writeString(dir.resolve("README.md"), CorruptCorpus.readme(CorruptCorpus.cases()));
    }

    /** The README table: {@code | folder/file | KIND | rule |}. */
    static Stream<Arguments> readmeRows() throws IOException {
        return Files.readAllLines(corpusDir().resolve("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("| npy/") || line.startsWith("| safetensors/"))
                .map(line -> line.split(" \\| "))
                .map(cells -> Arguments.of(cells[0].substring(2), Kind.valueOf(cells[1])));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("readmeRows")
    void rejectsWithItsKind(String path, Kind expected) throws IOException {
        Path file = corpusDir().resolve(path);
        TensorFileException e = assertThrows(TensorFileException.class, () -> load(file));
        assertEquals(expected, e.kind(), e.getMessage());
        assertEquals(file, e.file().orElseThrow());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("[" + expected.code() + "]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());

        byte[] bytes = Files.readAllBytes(file);
        TensorFileException inMemory = assertThrows(TensorFileException.class, () -> loadBytes(path, bytes));
        assertEquals(expected, inMemory.kind(), inMemory.getMessage());
        assertTrue(inMemory.file().isEmpty());
    }

    /** Reads a file completely: for safetensors, every tensor is loaded too. */
    static void load(Path file) throws TensorFileException {
        if (file.toString().endsWith(".npy")) {
            Npy.read(file);
            return;
        }
        try (Safetensors st = Safetensors.open(file)) {
            for (String name : st.names()) {
                st.get(name);
            }
        }
    }

    static void loadBytes(String path, byte[] bytes) throws TensorFileException {
        if (path.endsWith(".npy")) {
            Npy.fromBytes(bytes);
            return;
        }
        try (Safetensors st = Safetensors.fromBytes(bytes)) {
            for (String name : st.names()) {
                st.get(name);
            }
        }
    }

    @Test
    void committedCorpusMatchesItsGenerator() throws IOException {
        List<CorruptCorpus.Case> cases = CorruptCorpus.cases();
        Path dir = corpusDir();
        String hint = " (regenerate with -Dkiln.updateCorpus=true)";
        assertEquals(CorruptCorpus.readme(cases), Files.readString(dir.resolve("README.md")), "README.md" + hint);
        Set<String> generated = new TreeSet<>();
        for (CorruptCorpus.Case c : cases) {
            assertTrue(generated.add(c.path()), "duplicate corpus name " + c.path());
            assertArrayEquals(c.bytes(), Files.readAllBytes(dir.resolve(c.path())), c.path() + hint);
        }
        Set<String> committed = new TreeSet<>();
        for (String folder : List.of("npy", "safetensors")) {
            try (Stream<Path> files = Files.list(dir.resolve(folder))) {
                files.forEach(p -> committed.add(folder + "/" + p.getFileName()));
            }
        }
        assertEquals(generated, committed, "files in the corpus folders" + hint);
    }

    /** Every rule about a file's content has at least one corpus file. */
    @Test
    void everyContentRuleIsCovered() {
        Set<Kind> notAboutContent = EnumSet.of(Kind.IO_ERROR, Kind.NPY_FILE_TOO_LARGE, Kind.SAFETENSORS_TENSOR_NOT_FOUND);
        Set<Kind> covered = CorruptCorpus.cases().stream().map(CorruptCorpus.Case::expected).collect(Collectors.toSet());
        for (Kind k : Kind.values()) {
            assertEquals(!notAboutContent.contains(k), covered.contains(k), k.name());
        }
    }

    @Test
    void kindCodesAreUnique() {
        Set<String> codes = new TreeSet<>();
        for (Kind k : Kind.values()) {
            assertTrue(codes.add(k.code()), k.code());
        }
    }
}
