package kiln.frontend.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.KilnFile;

/**
 * One loaded source file: its AST, its blocks by name (the first of a duplicated name), and the modules it
 * imports, by import statement.
 */
public final class Module {
    private final KilnFile file;
    private final Map<String, Decl.Block> blocks = new LinkedHashMap<>();
    private final Map<KilnFile.Import, Module> imports = new LinkedHashMap<>();

    Module(KilnFile file) {
        this.file = file;
        for (Decl d : file.decls()) {
            if (d instanceof Decl.Block b) {
                blocks.putIfAbsent(b.name(), b);
            }
        }
    }

    public KilnFile file() {
        return file;
    }

    public Map<String, Decl.Block> blocks() {
        return blocks;
    }

    public Map<KilnFile.Import, Module> imports() {
        return imports;
    }

    void addImport(KilnFile.Import i, Module m) {
        imports.put(i, m);
    }

    public List<Decl.Model> models() {
        return file.decls().stream().filter(d -> d instanceof Decl.Model).map(d -> (Decl.Model) d).toList();
    }

    @Override
    public String toString() {
        return file.source().name();
    }
}
