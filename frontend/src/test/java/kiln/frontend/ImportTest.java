package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kiln.frontend.diag.Diagnostic;
import kiln.ir.graph.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports: relative files, aliases, the standard library, what a file sees and what it does not. */
class ImportTest {

    private static KilnCompiler.Result compile(Path file) throws Exception {
        return KilnCompiler.check(file);
    }

    @Test
    void relativeImportsAndAliases(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/act.kiln"), """
                import "std/nn.kiln"
                block Gate(x: tensor) {
                    return x * sigmoid(Linear(x, size(x, -1)) as proj)
                }
                model lib_demo {
                    input x: f32[N, 4]
                    output y = Gate(x)
                }
                """);
        Path main = dir.resolve("main.kiln");
        Files.writeString(main, """
                import "lib/act.kiln" as act
                model m {
                    input x: f32[N, 4]
                    output y = act.Gate(x) as gate
                }
                """);
        KilnCompiler.Result r = compile(main);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(List.of("gate.proj.weight", "gate.proj.bias"), Kiln.params(r.graph()));
        assertEquals("m", r.graph().name());
    }

    @Test
    void importsAreNotReExportedAndAliasedBlocksNeedTheirAlias(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.kiln"), """
                import "std/nn.kiln"
                block A(x: tensor) {
                    return x
                }
                """);
        Path main = dir.resolve("main.kiln");
        Files.writeString(main, """
                import "a.kiln" as a
                model m {
                    input x: f32[N, 4]
                    let y = A(x)
                    output z = Linear(x, 3) as fc
                }
                """);
        List<String> codes = compile(main).diagnostics().stream().map(d -> d.code().code()).toList();
        assertEquals(List.of("K0202", "K0202"), codes);
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAtItsImport(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("bad.kiln"), new byte[] {'b', 'l', (byte) 0xff, (byte) 0xfe, '\n'});
        Path main = dir.resolve("main.kiln");
        Files.writeString(main, "import \"bad.kiln\"\nmodel m {\n    input x: f32[3]\n    output y = x\n}\n");
        List<Diagnostic> d = compile(main).diagnostics();
        assertEquals("K0303 2", d.getFirst().code().code() + " " + d.size() * 2);
        assertEquals(1, d.getFirst().span().line());
        KilnCompiler.Result root = compile(dir.resolve("bad.kiln"));
        assertEquals("K0303", root.diagnostics().getFirst().code().code());
    }

    @Test
    void diagnosticsNameImportedFilesBesideTheImporter(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/blocks.kiln"), "block B(x: tensor) {\n    return reluu(x)\n}\n");
        Path main = dir.resolve("main.kiln");
        Files.writeString(main, "import \"sub/blocks.kiln\"\nmodel m {\n    input x: f32[3]\n    output y = B(x)\n}\n");
        Diagnostic d = compile(main).diagnostics().getFirst();
        assertEquals(dir.resolve("sub/blocks.kiln").toString() + ":2:12", d.span().location());
    }

    @Test
    void aFileImportedTwiceIsReadOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shared.kiln"), "block S(x: tensor) {\n    return x\n}\n");
        Files.writeString(dir.resolve("a.kiln"), "import \"shared.kiln\"\nblock A(x: tensor) {\n    return S(x)\n}\n");
        Path main = dir.resolve("main.kiln");
        Files.writeString(main, """
                import "a.kiln"
                import "shared.kiln"
                model m {
                    input x: f32[3]
                    output y = A(S(x))
                }
                """);
        Graph g = compile(main).graph();
        assertEquals(0, g.nodes().size());
    }
}
