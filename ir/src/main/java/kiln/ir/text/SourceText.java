package kiln.ir.text;

/**
 * A source file being parsed: its name and text. Tokens carry character offsets; the line and column of
 * an offset are worked out only when a diagnostic needs them.
 */
record SourceText(String fileName, String text) {

    /** A located diagnostic at character offset {@code offset}. */
    IrSyntaxException error(IrSyntaxException.Kind kind, int offset, String detail) {
        Position p = position(offset);
        return new IrSyntaxException(kind, fileName, p.line(), p.column(), text.substring(p.lineStart(), p.lineEnd()),
                detail);
    }

    /** {@code line:column} of an offset, for diagnostics that point back at an earlier place. */
    String lineColumn(int offset) {
        Position p = position(offset);
        return p.line() + ":" + p.column();
    }

    /** A 1-based line and column (in code points), and the extent of the line without its terminator. */
    private record Position(int line, int column, int lineStart, int lineEnd) {
    }

    private Position position(int offset) {
        int at = Math.clamp(offset, 0, text.length());
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        int lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        if (lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        int column = text.codePointCount(lineStart, Math.min(at, lineEnd)) + 1 + Math.max(0, at - lineEnd);
        return new Position(line, column, lineStart, lineEnd);
    }
}
