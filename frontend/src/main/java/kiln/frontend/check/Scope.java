package kiln.frontend.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.frontend.diag.Span;

/** The names defined so far in one lexical scope of a block or model body, and where. */
final class Scope {
    private final Scope parent;
    private final Map<String, Span> names = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** Where {@code name} is defined in this scope or an enclosing one, or null. */
    Span find(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Span at = s.names.get(name);
            if (at != null) {
                return at;
            }
        }
        return null;
    }

    void define(String name, Span at) {
        names.put(name, at);
    }

    /** Every visible name, innermost first. */
    List<String> visible() {
        List<String> out = new ArrayList<>();
        for (Scope s = this; s != null; s = s.parent) {
            out.addAll(s.names.keySet());
        }
        return out;
    }
}
