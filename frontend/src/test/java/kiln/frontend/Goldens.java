package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden files under {@code src/test/resources}: compared as text, or rewritten in the source tree when
 * the build runs with {@code -Dkiln.updateGoldens=true} (then review the diff).
 */
final class Goldens {
    static final boolean UPDATE = Boolean.getBoolean("kiln.updateGoldens");

    private Goldens() {
    }

    /** The test resource directory {@code name}. */
    static Path resources(String name) {
        try {
            return Path.of(Goldens.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same directory in the source tree, where updates are written. */
    static Path sourceTree(String name) {
        return Path.of(System.getProperty("kiln.root", ".."), "frontend/src/test/resources", name);
    }

    /** The repository root, from the build, or the working directory's parent. */
    static Path root() {
        String root = System.getProperty("kiln.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Compares {@code actual} with the golden file {@code dir/name}, or rewrites it in update mode. */
    static void check(String dir, String name, String actual) throws IOException {
        if (UPDATE) {
            Path target = sourceTree(dir).resolve(name);
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual);
            return;
        }
        Path golden = resources(dir).resolve(name);
        String expected = Files.exists(golden) ? Files.readString(golden) : "(no golden file " + dir + "/" + name + ")";
        assertEquals(expected, actual, dir + "/" + name + " (rerun with -Dkiln.updateGoldens=true to accept)");
    }
}
