package kiln.frontend.diag;

/**
 * A stretch of source text: 1-based line and column of its first character (columns count code points)
 * and the line and column just past its last character.
 */
public record Span(Source source, int line, int column, int endLine, int endColumn) {

    /** A span of {@code length} code points on one line. */
    public static Span at(Source source, int line, int column, int length) {
        return new Span(source, line, column, line, column + Math.max(1, length));
    }

    /** From the start of {@code this} to the end of {@code other}. */
    public Span to(Span other) {
        return new Span(source, line, column, other.endLine, other.endColumn);
    }

    /** {@code file:line:col}. */
    public String location() {
        return source.name() + ":" + line + ":" + column;
    }

    @Override
    public String toString() {
        return location();
    }
}
