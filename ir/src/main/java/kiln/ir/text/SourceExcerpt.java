package kiln.ir.text;

/**
 * The part of a source line shown under a diagnostic, and the caret line that marks a span of it: {@code ^}
 * under its first character and {@code ~} under the rest of it. Long lines (a constant of a million values is
 * one line) are cut to a window around the span's start, marked with {@code ...}; tabs before the span are kept
 * in the caret line so that the caret lines up. Used by the Graph IR text form and by the Kiln language.
 */
public record SourceExcerpt(String text, String caret) {
    private static final int WIDTH = 120;
    private static final String ELLIPSIS = "...";

    /** The excerpt that points at one column (1-based, in code points). */
    public static SourceExcerpt of(String line, int column) {
        return of(line, column, column + 1);
    }

    /**
     * The excerpt that marks columns {@code column} to {@code endColumn} (1-based, in code points, the end
     * exclusive; clamped to the line, and at least one column).
     */
    public static SourceExcerpt of(String line, int column, int endColumn) {
        int[] cps = line.codePoints().toArray();
        int at = Math.clamp(column - 1, 0, cps.length);
        int end = Math.clamp(endColumn - 1, at + 1, Math.max(at + 1, cps.length));
        int from = 0;
        int to = cps.length;
        if (cps.length > WIDTH) {
            from = Math.max(0, at - WIDTH / 2);
            to = Math.min(cps.length, from + WIDTH);
            from = Math.max(0, to - WIDTH);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder caret = new StringBuilder();
        if (from > 0) {
            text.append(ELLIPSIS);
            caret.append(" ".repeat(ELLIPSIS.length()));
        }
        for (int i = from; i < to; i++) {
            text.appendCodePoint(cps[i]);
        }
        for (int i = from; i < at; i++) {
            caret.append(cps[i] == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        caret.append("~".repeat(Math.max(0, Math.min(end, Math.max(to, at + 1)) - at - 1)));
        if (to < cps.length) {
            text.append(ELLIPSIS);
        }
        return new SourceExcerpt(text.toString(), caret.toString());
    }
}
