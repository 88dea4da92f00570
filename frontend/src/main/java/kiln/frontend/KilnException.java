package kiln.frontend;

import java.util.List;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Diagnostics;

/**
 * A Kiln source that does not compile. The message is every diagnostic rendered (location, message,
 * code, source line, caret, notes), separated by blank lines.
 */
public final class KilnException extends RuntimeException {
    private final List<Diagnostic> diagnostics;
    private final int count;

    public KilnException(List<Diagnostic> diagnostics, int count) {
        super(Diagnostics.render(diagnostics, count));
        this.diagnostics = List.copyOf(diagnostics);
        this.count = count;
    }

    /** The diagnostics kept (at most {@link Diagnostics#LIMIT}). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** How many errors there were, including those past the limit. */
    public int count() {
        return count;
    }
}
