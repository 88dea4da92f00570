package kiln.frontend.diag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The errors of one compilation, in the order found. The same code at the same place is kept once: a block
 * instantiated twenty times with a shape error reports it once, with the note of its first instantiation.
 * After {@link #LIMIT} errors the rest are counted, not kept, so a file of garbage does not print a
 * million lines.
 */
public final class Diagnostics {
    public static final int LIMIT = 100;

    private final List<Diagnostic> list = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int dropped;

    public void report(Diagnostic d) {
        String key = d.key() + ":" + d.span().endLine() + ":" + d.span().endColumn();
        if (!seen.add(key)) {
            return;
        }
        if (list.size() >= LIMIT) {
            dropped++;
            return;
        }
        list.add(d);
    }

    public void report(Code code, Span span, String message) {
        report(new Diagnostic(code, span, message));
    }

    public boolean hasErrors() {
        return !list.isEmpty();
    }

    public int count() {
        return list.size() + dropped;
    }

    public List<Diagnostic> list() {
        return List.copyOf(list);
    }

    /** Every diagnostic rendered, separated by blank lines, and how many were left out past the limit. */
    public static String render(List<Diagnostic> diagnostics, int total) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(d.render());
        }
        if (total > diagnostics.size()) {
            sb.append("\n\n... and ").append(total - diagnostics.size()).append(" more errors");
        }
        return sb.toString();
    }
}
