package kiln.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the project's shared data ({@code ../shared} from the checkout's root, which the build passes in
 * the system property {@code kiln.root}). The data is read in place, never copied.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The checkout's root. */
    public static Path root() {
        String root = System.getProperty("kiln.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root).toAbsolutePath().normalize();
    }

    /** {@code ../shared/<sub>}, when present. */
    public static Optional<Path> shared(String sub) {
        Path p = root().resolve("../shared").resolve(sub).normalize();
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** What a test says when the shared data is not there. */
    public static String absent(String sub) {
        return "skipped: " + root().resolve("../shared").resolve(sub).normalize()
                + " is absent (the shared data lives next to the checkout; see ../shared/README.md)";
    }
}
