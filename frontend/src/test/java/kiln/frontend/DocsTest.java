package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.Graph;
import org.junit.jupiter.api.Test;

/**
 * The language reference stays true: its complete programs compile (the ConvNeXt walk-through written
 * with explicit parameters and with the standard library declares the same weights), and it documents
 * every built-in operator and every diagnostic code.
 */
class DocsTest {
    private static String reference() throws IOException {
        return Files.readString(Goldens.root().resolve("docs/language.md"));
    }

    /** The untagged fenced code blocks that are whole models (not those with elided parts, "..."). */
    private static List<String> programs(String markdown) {
        List<String> out = new ArrayList<>();
        String[] parts = markdown.split("```");
        for (int i = 1; i < parts.length; i += 2) {
            String block = parts[i];
            boolean elided = block.contains("    ...\n");
            if (block.startsWith("\n") && block.matches("(?s).*\nmodel \\w+ \\{.*") && !elided) {
                out.add(block.substring(1));
            }
        }
        return out;
    }

    @Test
    void everyCompleteProgramCompiles() throws IOException {
        List<String> programs = programs(reference());
        assertTrue(programs.size() >= 5, "programs in the reference: " + programs.size());
        List<List<String>> weights = new ArrayList<>();
        for (String p : programs) {
            KilnCompiler.Result r = KilnCompiler.compile(kiln.frontend.diag.Source.of("language.md", p));
            assertTrue(r.ok(), "does not compile:\n" + p + "\n" + r.diagnostics());
            weights.add(Kiln.params(r.graph()));
        }
        List<String> convnext = List.of("dwconv.weight", "dwconv.bias", "norm.weight", "norm.bias", "pwconv1.weight",
                "pwconv1.bias", "pwconv2.weight", "pwconv2.bias", "gamma");
        assertEquals(3, weights.stream().filter(convnext::equals).count(), "steps 3, 4 and 5 declare: " + weights);
    }

    @Test
    void theTutorialsBlockWithLayersComputesWhatTheExplicitOneDoes() throws IOException {
        List<String> programs = programs(reference());
        Graph explicit = KilnCompiler.load(programs.get(3), "step4.kiln");
        Graph layers = KilnCompiler.load(programs.get(4), "step5.kiln");
        assertEquals(explicit.nodes().stream().map(n -> n.op().name()).toList(),
                layers.nodes().stream().map(n -> n.op().name()).toList());
    }

    @Test
    void everyBuiltinAndCodeIsDocumented() throws IOException {
        String doc = reference();
        for (String name : KilnCompiler.builtins().keySet()) {
            assertTrue(doc.contains("`" + name + "(") || doc.contains("`" + name + "`"), "built-in " + name);
        }
        for (Code c : Code.values()) {
            assertTrue(doc.contains("| " + c.code() + " |"), "code " + c.code());
        }
    }
}
