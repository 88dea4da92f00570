package kiln.ir.text;

/**
 * The part of a source line shown under a diagnostic, and the caret line that points at a column. Long
 * lines (a constant of a million values is one line) are cut to a window around the column, marked with
 * {@code ...}; tabs before the column are kept in the caret line so that the caret lines up.
 */
record SourceExcerpt(String text, String caret) {
    private static final int WIDTH = 120;
    private static final String ELLIPSIS = "...";

    /** @param column 1-based, in code points */
    static SourceExcerpt of(String line, int column) {
        int[] cps = line.codePoints().toArray();
        int at = Math.clamp(column - 1, 0, cps.length);
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
        if (to < cps.length) {
            text.append(ELLIPSIS);
        }
        return new SourceExcerpt(text.toString(), caret.append('^').toString());
    }
}
