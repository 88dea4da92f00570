package kiln.frontend.diag;

/**
 * The part of a source line shown under a diagnostic, and the caret line that marks the span: {@code ^}
 * under its first character and {@code ~} under the rest of it on that line. Long lines are cut to a
 * window around the span, marked with {@code ...}; tabs before the span are kept in the caret line so the
 * caret lines up.
 */
record Excerpt(String text, String caret) {
    private static final int WIDTH = 120;
    private static final String ELLIPSIS = "...";

    static Excerpt of(Span span) {
        String line = span.source().line(span.line());
        int[] cps = line.codePoints().toArray();
        int at = Math.clamp(span.column() - 1, 0, cps.length);
        int end = span.endLine() == span.line() ? Math.clamp(span.endColumn() - 1, at + 1, Math.max(at + 1, cps.length))
                : Math.max(at + 1, cps.length);
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
        int tildes = Math.min(end, Math.max(to, at + 1)) - at - 1;
        caret.append("~".repeat(Math.max(0, tildes)));
        if (to < cps.length) {
            text.append(ELLIPSIS);
        }
        return new Excerpt(text.toString(), caret.toString());
    }
}
