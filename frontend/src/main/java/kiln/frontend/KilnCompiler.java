package kiln.frontend;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import kiln.frontend.check.ModuleLoader;
import kiln.frontend.check.Program;
import kiln.frontend.check.Resolver;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Source;
import kiln.frontend.diag.Span;
import kiln.frontend.lower.Builtins;
import kiln.frontend.lower.Lowering;
import kiln.ir.graph.Graph;

/**
 * The Kiln language front end: a {@code .kiln} file (and what it imports) to a Graph IR graph, or its
 * diagnostics. Parsing every file (K01xx, K03xx) comes first, and its errors stop compilation, since a
 * broken file has no reliable AST. Then names and calls are resolved across all blocks (K02xx), and the
 * model is lowered, which checks values and shapes (K04xx, K05xx); lowering skips what resolution
 * reported, and poisons what that would have defined, so the errors of both phases are reported
 * together without echoes.
 *
 * <pre>
 * Graph g = KilnCompiler.load(Path.of("examples/convnext_block.kiln"));
 * KilnCompiler.Result r = KilnCompiler.check(Path.of("model.kiln"));   // r.diagnostics()
 * </pre>
 */
public final class KilnCompiler {
    private static final Builtins BUILTINS = Builtins.standard();

    private KilnCompiler() {
    }

    /** The graph (null when there are errors), the diagnostics, and how many there were in all. */
    public record Result(Graph graph, List<Diagnostic> diagnostics, int errorCount) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() {
            return errorCount == 0;
        }
    }

    /** Compiles a file; diagnostics name it as given. Throws only for a file that cannot be read at all. */
    public static Result check(Path file) throws IOException {
        String text;
        try {
            text = ModuleLoader.read(file);
        } catch (CharacterCodingException e) {
            Source empty = new Source(file.toString(), file, "");
            Diagnostic d = new Diagnostic(Code.UNREADABLE_FILE, Span.at(empty, 1, 1, 1), "the file is not UTF-8 text");
            return new Result(null, List.of(d), 1);
        }
        return compile(new Source(file.toString(), file, text));
    }

    /** The graph of a model file; a {@link KilnException} carries the diagnostics when it does not compile. */
    public static Graph load(Path file) throws IOException {
        return orThrow(check(file));
    }

    /** The graph of a model given as text (imports are relative to the working directory). */
    public static Graph load(String text, String name) {
        return orThrow(compile(Source.of(name, text)));
    }

    private static Graph orThrow(Result r) {
        if (!r.ok()) {
            throw new KilnException(r.diagnostics(), r.errorCount());
        }
        return r.graph();
    }

    /** Compiles a source through every phase that its errors allow. */
    public static Result compile(Source source) {
        Diagnostics diagnostics = new Diagnostics();
        Graph graph = null;
        try {
            Program program = ModuleLoader.load(source, diagnostics);
            if (program != null) {
                Set<Object> broken = Resolver.check(program, BUILTINS.signatures(), constants(), diagnostics);
                if (!program.root().models().isEmpty()) {
                    graph = Lowering.lower(program, BUILTINS, diagnostics, broken);
                }
            }
        } catch (StackOverflowError e) {
            // The parser bounds nesting, so this is a last resort, not the way deep inputs are refused.
            diagnostics.report(Code.TOO_DEEP, Span.at(source, 1, 1, 1), "the model nests too deeply to compile");
        }
        return new Result(diagnostics.hasErrors() ? null : graph, diagnostics.list(), diagnostics.count());
    }

    /** Names predefined as values. */
    public static Set<String> constants() {
        return Lowering.constantNames();
    }

    /** The signature of every built-in operator, for tools and documentation. */
    public static java.util.Map<String, kiln.frontend.check.Signature> builtins() {
        return BUILTINS.signatures();
    }
}
