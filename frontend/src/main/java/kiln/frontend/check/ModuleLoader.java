package kiln.frontend.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Source;
import kiln.ir.graph.Spelling;
import kiln.frontend.syntax.KilnFile;
import kiln.frontend.syntax.KilnParsing;

/**
 * Parses a root file and, depth first, every file it imports. {@code import "std/NAME.kiln"} reads Kiln's
 * standard library (resources shipped in this jar); any other path is relative to the importing file's
 * directory. Each file is read once however often it is imported. A file that imports itself, directly
 * or through others, is an import cycle (K0302).
 */
public final class ModuleLoader {
    /** The standard library's files, as imported. */
    public static final List<String> STD_FILES = List.of("std/nn.kiln");
    private static final String STD_PREFIX = "std/";
    private static final String STD_RESOURCES = "/kiln/frontend/";

    private final Diagnostics diagnostics;
    private final Map<String, Module> loaded = new LinkedHashMap<>();
    private final Map<String, Source> inProgress = new LinkedHashMap<>();
    private final Map<String, Boolean> broken = new HashMap<>();

    private ModuleLoader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The program rooted at {@code root}, or null when some file of it has syntax or import errors. */
    public static Program load(Source root, Diagnostics diagnostics) {
        ModuleLoader loader = new ModuleLoader(diagnostics);
        int before = diagnostics.count();
        Module m = loader.module(key(root), root);
        if (m == null || diagnostics.count() != before) {
            return null;
        }
        return new Program(m, new ArrayList<>(loader.loaded.values()));
    }

    private Module module(String key, Source source) {
        Module done = loaded.get(key);
        if (done != null || broken.containsKey(key)) {
            return done;
        }
        KilnFile file = KilnParsing.parse(source, diagnostics);
        if (file == null) {
            broken.put(key, true);
            return null;
        }
        Module m = new Module(file);
        inProgress.put(key, source);
        for (KilnFile.Import i : file.imports()) {
            Module imported = importOf(source, i);
            if (imported != null) {
                m.addImport(i, imported);
            }
        }
        inProgress.remove(key);
        loaded.put(key, m);
        return m;
    }

    private Module importOf(Source from, KilnFile.Import i) {
        String path = i.path();
        Source target;
        String key;
        if (path.startsWith(STD_PREFIX)) {
            key = "std:" + path;
            if (!STD_FILES.contains(path)) {
                diagnostics.report(Code.IMPORT_NOT_FOUND, i.pathSpan(), "no standard library file \"" + path + "\""
                        + Spelling.didYouMean(path, STD_FILES) + " (the standard library has " + String.join(", ",
                                STD_FILES) + ")");
                return null;
            }
            if (inProgress.containsKey(key) || loaded.containsKey(key) || broken.containsKey(key)) {
                return cycleOr(key, from, i);
            }
            target = stdSource(path);
        } else {
            Path base = from.path() == null ? Path.of("").toAbsolutePath() : from.path().toAbsolutePath().getParent();
            Path file = base.resolve(path).normalize();
            key = file.toString();
            if (inProgress.containsKey(key) || loaded.containsKey(key) || broken.containsKey(key)) {
                return cycleOr(key, from, i);
            }
            if (!Files.isRegularFile(file)) {
                diagnostics.report(Code.IMPORT_NOT_FOUND, i.pathSpan(), "cannot find \"" + path + "\" (looked for "
                        + displayName(from, path) + ")" + Spelling.didYouMean(path, siblings(file.getParent())));
                return null;
            }
            try {
                target = new Source(displayName(from, path), file, read(file));
            } catch (IOException e) {
                diagnostics.report(Code.UNREADABLE_FILE, i.pathSpan(), "cannot read \"" + path + "\": "
                        + (e instanceof CharacterCodingException ? "it is not UTF-8 text" : e.getMessage()));
                return null;
            }
        }
        return module(key, target);
    }

    private Module cycleOr(String key, Source from, KilnFile.Import i) {
        if (!inProgress.containsKey(key)) {
            return loaded.get(key);
        }
        List<String> chain = new ArrayList<>();
        boolean on = false;
        for (var e : inProgress.entrySet()) {
            on |= e.getKey().equals(key);
            if (on) {
                chain.add(e.getValue().name());
            }
        }
        chain.add(inProgress.get(key).name());
        diagnostics.report(new Diagnostic(Code.IMPORT_CYCLE, i.pathSpan(), "import cycle: "
                + String.join(" -> ", chain)));
        return null;
    }

    /** How diagnostics name an imported file: next to the importer's name as the user gave it. */
    private static String displayName(Source from, String path) {
        if (from.path() == null || from.name().startsWith(STD_PREFIX)) {
            return path;
        }
        Path parent = Path.of(from.name()).getParent();
        return (parent == null ? Path.of(path) : parent.resolve(path)).normalize().toString();
    }

    private static List<String> siblings(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".kiln")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Source stdSource(String path) {
        try (InputStream in = ModuleLoader.class.getResourceAsStream(STD_RESOURCES + path)) {
            if (in == null) {
                throw new IllegalStateException("the standard library file " + path + " is missing from the jar");
            }
            return new Source(path, null, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the standard library file " + path, e);
        }
    }

    /** Reads a UTF-8 file strictly: malformed bytes are an error, not replacement characters. */
    public static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static String key(Source root) {
        return root.path() == null ? "snippet:" + root.name() : root.path().toAbsolutePath().normalize().toString();
    }
}
