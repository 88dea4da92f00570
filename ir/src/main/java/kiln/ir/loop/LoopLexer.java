package kiln.ir.loop;

import kiln.ir.text.IrSyntaxException;
import kiln.ir.text.IrSyntaxException.Kind;

/**
 * Splits Loop IR text into tokens. Whitespace separates tokens; {@code #} starts a comment that runs to
 * the end of the line. Numbers are unsigned ({@code 12}, {@code 1.5}, {@code 1.0E-5}, {@code 0x7fc00001});
 * a minus sign is a token of its own, which the parser joins to a following number.
 */
final class LoopLexer {

    enum TokenKind {
        NAME, STRING, NUMBER, LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, COLON, ASSIGN, DOTDOT,
        PLUS, MINUS, STAR, SLASH, SLASHSLASH, PERCENT, LT, LE, EQ, NE, AND, OR, BANG, EOF
    }

    record Token(TokenKind kind, String text, int offset) {
        boolean is(TokenKind k) {
            return kind == k;
        }

        /** True for the bare word {@code w} (a quoted name is never a keyword). */
        boolean isWord(String w) {
            return kind == TokenKind.NAME && text.equals(w);
        }

        String describe() {
            return switch (kind) {
                case NAME -> "'" + text + "'";
                case STRING -> "name " + LoopSyntax.quote(text);
                case NUMBER -> "number " + text;
                case EOF -> "end of input";
                default -> "'" + text + "'";
            };
        }
    }

    private final String fileName;
    private final String text;
    private int pos;

    LoopLexer(String fileName, String text) {
        this.fileName = fileName;
        this.text = text;
    }

    Token next() {
        skipSpace();
        int start = pos;
        if (pos >= text.length()) {
            return new Token(TokenKind.EOF, "", start);
        }
        char c = text.charAt(pos);
        if (LoopSyntax.isIdentStart(c)) {
            while (pos < text.length() && LoopSyntax.isNameChar(text.charAt(pos))) {
                pos++;
            }
            return new Token(TokenKind.NAME, text.substring(start, pos), start);
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (c == '"') {
            return new Token(TokenKind.STRING, string(), start);
        }
        String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
        TokenKind k2 = switch (two) {
            case ".." -> TokenKind.DOTDOT;
            case "//" -> TokenKind.SLASHSLASH;
            case "<=" -> TokenKind.LE;
            case "==" -> TokenKind.EQ;
            case "!=" -> TokenKind.NE;
            case "&&" -> TokenKind.AND;
            case "||" -> TokenKind.OR;
            default -> null;
        };
        if (k2 != null) {
            pos += 2;
            return new Token(k2, two, start);
        }
        TokenKind k = switch (c) {
            case '{' -> TokenKind.LBRACE;
            case '}' -> TokenKind.RBRACE;
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case '[' -> TokenKind.LBRACKET;
            case ']' -> TokenKind.RBRACKET;
            case ',' -> TokenKind.COMMA;
            case ':' -> TokenKind.COLON;
            case '=' -> TokenKind.ASSIGN;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            case '*' -> TokenKind.STAR;
            case '/' -> TokenKind.SLASH;
            case '%' -> TokenKind.PERCENT;
            case '<' -> TokenKind.LT;
            case '!' -> TokenKind.BANG;
            default -> throw error(Kind.UNEXPECTED_CHARACTER, pos, "unexpected character "
                    + (c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'"));
        };
        pos++;
        return new Token(k, String.valueOf(c), start);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token number() {
        int start = pos;
        if (text.startsWith("0x", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            return finish(start, pos > digits);
        }
        digits();
        boolean ok = true;
        // "0..n" is a range, not the number "0." followed by ".n".
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            ok = digits();
        }
        return finish(start, ok);
    }

    private Token finish(int start, boolean ok) {
        if (!ok || (pos < text.length() && LoopSyntax.isIdentStart(text.charAt(pos)))) {
            while (pos < text.length() && LoopSyntax.isNameChar(text.charAt(pos))) {
                pos++;
            }
            throw error(Kind.MALFORMED_NUMBER, start, "malformed number '" + text.substring(start, pos) + "'");
        }
        return new Token(TokenKind.NUMBER, text.substring(start, pos), start);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private String string() {
        int open = pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error(Kind.UNTERMINATED_STRING, open, "unterminated name");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : '\0';
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error(Kind.BAD_ESCAPE, pos - 2, "\\u must be followed by four hex digits");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(Kind.BAD_ESCAPE, pos - 2, "\\u must be followed by four hex digits");
                    }
                    pos += 4;
                }
                default -> throw error(Kind.BAD_ESCAPE, pos - 2, "unknown escape; use \\\", \\\\, \\n, \\r, \\t or \\uXXXX");
            }
        }
    }

    /** A located diagnostic at character offset {@code offset}. */
    IrSyntaxException error(Kind kind, int offset, String detail) {
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
        int column = text.codePointCount(lineStart, Math.min(at, lineEnd)) + 1;
        return new IrSyntaxException(kind, fileName, line, column, text.substring(lineStart, lineEnd), detail);
    }
}
