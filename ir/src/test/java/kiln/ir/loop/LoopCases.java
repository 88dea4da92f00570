package kiln.ir.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test cases written as Loop IR text: a file holds a kernel, a line {@code # expect}, and the kernel the
 * pass should turn it into. Files live under a resource folder, one case each.
 */
record LoopCases(String name, String before, String expected) {

    static List<LoopCases> under(String folder) {
        try {
            Path dir = Path.of(LoopCases.class.getClassLoader().getResource(folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".loop")).sorted().map(LoopCases::read).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoopCases read(Path p) {
        try {
            String text = Files.readString(p);
            int at = text.indexOf("\n# expect\n");
            if (at < 0) {
                throw new IllegalStateException(p + " has no '# expect' line");
            }
            String name = p.getFileName().toString().replace(".loop", "");
            return new LoopCases(name, text.substring(0, at + 1), text.substring(at + "\n# expect\n".length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
