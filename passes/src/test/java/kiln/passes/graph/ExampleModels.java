package kiln.passes.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import kiln.frontend.KilnCompiler;
import kiln.frontend.KilnException;
import kiln.frontend.diag.Source;
import kiln.ir.graph.Graph;

/** The example models of the repository, compiled from source, for tests of the passes. */
public final class ExampleModels {
    private ExampleModels() {
    }

    /**
     * An example model ({@code examples/FILE}) compiled with the given text replacements applied to its
     * source, e.g. a smaller input shape; imports still resolve next to the file.
     */
    public static Graph load(String file, Map<String, String> replacements) throws IOException {
        Path path = root().resolve("examples").resolve(file);
        String text = Files.readString(path);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        KilnCompiler.Result r = KilnCompiler.compile(new Source(path.toString(), path, text));
        if (!r.ok()) {
            throw new KilnException(r.diagnostics(), r.errorCount());
        }
        return r.graph();
    }

    static Path root() {
        return Path.of(System.getProperty("kiln.root", ".."));
    }
}
