package kiln.tests.onnx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The node tests Kiln deliberately does not pass, each with a reason: one line per test name or glob
 * ({@code *} matches anything), then whitespace, then the reason; {@code #} starts a comment.
 */
record Filters(List<Entry> entries) {

    record Entry(String pattern, String reason, int line) {
        boolean matches(String test) {
            return Pattern.matches(Pattern.quote(pattern).replace("*", "\\E.*\\Q"), test);
        }
    }

    static final String RESOURCE = "onnx-node-filters.txt";

    static Filters load() throws IOException {
        try (InputStream in = Filters.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the test class path");
            }
            List<Entry> entries = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("\\s+", 2);
                if (parts.length < 2 || parts[1].isBlank()) {
                    throw new IOException(RESOURCE + ":" + number + ": '" + parts[0] + "' needs a reason");
                }
                entries.add(new Entry(parts[0], parts[1].strip(), number));
            }
            return new Filters(entries);
        }
    }

    /** The reason a test is filtered, or null. */
    String reason(String test) {
        for (Entry e : entries) {
            if (e.matches(test)) {
                return e.reason();
            }
        }
        return null;
    }
}
