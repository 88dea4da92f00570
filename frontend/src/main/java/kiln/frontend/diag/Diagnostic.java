package kiln.frontend.diag;

import java.util.List;
import kiln.ir.text.SourceExcerpt;

/**
 * One error in a Kiln source: its code, where it is, a one-line message, and notes that say how the
 * compiler got there (e.g. the block instantiation that a shape error happened in).
 *
 * <p>{@link #render()} gives {@code file:line:col: message [code]}, the source line and a caret under
 * the span, then one line per note:
 * <pre>
 * model.kiln:3:13: unknown operator 'reluu'; did you mean 'relu'? [K0202]
 *     let y = reluu(x)
 *             ^~~~~
 * </pre>
 */
public record Diagnostic(Code code, Span span, String message, List<Note> notes) {

    /** Extra context; {@code span} may be null. */
    public record Note(Span span, String message) {
    }

    private static final int MAX_NOTES = 8;

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public Diagnostic(Code code, Span span, String message) {
        this(code, span, message, List.of());
    }

    public Diagnostic withNote(Note note) {
        List<Note> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new Diagnostic(code, span, message, more);
    }

    /** The full text: location, message, code, excerpt with caret, notes. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(span.location()).append(": ").append(message).append(" [").append(code.code()).append(']');
        SourceExcerpt excerpt = SourceExcerpt.of(span.source().line(span.line()), span.column(),
                span.endLine() == span.line() ? span.endColumn() : Integer.MAX_VALUE);
        sb.append('\n').append(excerpt.text()).append('\n').append(excerpt.caret());
        for (int i = 0; i < notes.size(); i++) {
            // A deep instantiation chain shows its innermost and outermost steps.
            if (notes.size() > MAX_NOTES && i == MAX_NOTES - 2) {
                sb.append("\n  note: ... ").append(notes.size() - MAX_NOTES + 1).append(" more instantiations");
                i = notes.size() - 2;
                continue;
            }
            Note n = notes.get(i);
            sb.append("\n  note: ");
            if (n.span() != null) {
                sb.append(n.span().location()).append(": ");
            }
            sb.append(n.message());
        }
        return sb.toString();
    }

    /** {@code CODE line:col} — what golden tests compare. */
    public String key() {
        return code.code() + " " + span.source().name() + ":" + span.line() + ":" + span.column();
    }

    @Override
    public String toString() {
        return render();
    }
}
