package kiln.frontend.lower;

import java.util.HashMap;
import java.util.Map;

/** The values of the names of one lexical scope, chained to the enclosing scope of the same body. */
final class Env {
    private final Env parent;
    private final Map<String, Val> vars = new HashMap<>();

    Env(Env parent) {
        this.parent = parent;
    }

    /** The value of {@code name} here or in an enclosing scope, or null. */
    Val get(String name) {
        for (Env e = this; e != null; e = e.parent) {
            Val v = e.vars.get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    void define(String name, Val v) {
        vars.put(name, v);
    }

    /** Rebinds {@code name} where it is defined; false when it is not defined. */
    boolean assign(String name, Val v) {
        for (Env e = this; e != null; e = e.parent) {
            if (e.vars.containsKey(name)) {
                e.vars.put(name, v);
                return true;
            }
        }
        return false;
    }
}
