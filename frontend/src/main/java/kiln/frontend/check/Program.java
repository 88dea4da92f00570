package kiln.frontend.check;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.syntax.KilnFile;

/** The root module and every module it imports, directly or not, in load order. */
public record Program(Module root, List<Module> modules) {
    public Program {
        modules = List.copyOf(modules);
    }

    /** What a callee name refers to, seen from {@code from}. */
    public sealed interface Lookup {
        record Found(BlockRef block) implements Lookup {
        }

        /** Imported without alias from more than one module. */
        record Ambiguous(List<Module> modules) implements Lookup {
        }

        record NotFound() implements Lookup {
        }
    }

    /**
     * Resolves a block name as seen from a module: {@code alias.Name} through an aliased import; otherwise
     * the module's own block, else a block of a module imported without alias. Imports do not re-export
     * what they import.
     */
    public static Lookup lookup(Module from, String name) {
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String alias = name.substring(0, dot);
            String simple = name.substring(dot + 1);
            for (var e : from.imports().entrySet()) {
                if (alias.equals(e.getKey().alias()) && e.getValue().blocks().containsKey(simple)) {
                    return new Lookup.Found(new BlockRef(e.getValue(), e.getValue().blocks().get(simple)));
                }
            }
            return new Lookup.NotFound();
        }
        if (from.blocks().containsKey(name)) {
            return new Lookup.Found(new BlockRef(from, from.blocks().get(name)));
        }
        List<Module> hits = new ArrayList<>();
        for (var e : from.imports().entrySet()) {
            if (e.getKey().alias() == null && e.getValue().blocks().containsKey(name) && !hits.contains(e.getValue())) {
                hits.add(e.getValue());
            }
        }
        if (hits.size() == 1) {
            return new Lookup.Found(new BlockRef(hits.getFirst(), hits.getFirst().blocks().get(name)));
        }
        return hits.isEmpty() ? new Lookup.NotFound() : new Lookup.Ambiguous(hits);
    }

    /** Every block name callable from {@code from}, for "did you mean". */
    public static List<String> visibleBlocks(Module from) {
        List<String> out = new ArrayList<>(from.blocks().keySet());
        for (var e : from.imports().entrySet()) {
            KilnFile.Import i = e.getKey();
            for (String b : e.getValue().blocks().keySet()) {
                out.add(i.alias() == null ? b : i.alias() + "." + b);
            }
        }
        return out;
    }
}
