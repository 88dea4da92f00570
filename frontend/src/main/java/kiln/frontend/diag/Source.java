package kiln.frontend.diag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one Kiln source file and where it came from: a file ({@code path} set) or a standard-library
 * resource ({@code path} null, {@code name} like {@code std/nn.kiln}). {@code name} is what diagnostics
 * print. Lines are split on {@code \n}, {@code \r\n} and {@code \r}.
 */
public final class Source {
    private final String name;
    private final Path path;
    private final String text;
    private final List<String> lines;

    public Source(String name, Path path, String text) {
        this.name = name;
        this.path = path;
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.lines = splitLines(this.text);
    }

    /** A source that is not a file, e.g. a test snippet. */
    public static Source of(String name, String text) {
        return new Source(name, null, text);
    }

    public String name() {
        return name;
    }

    /** The file, or null for a standard-library resource or a snippet. */
    public Path path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** The 1-based line without its terminator, or the empty string past the end. */
    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    public int lineCount() {
        return lines.size();
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
