package kiln.ir.text;

import kiln.ir.text.IrSyntaxException.Kind;

/**
 * Splits IR text into tokens on demand, so that a file with a huge constant never holds a token list.
 * Whitespace (including line breaks) separates tokens and is otherwise insignificant; {@code #} starts a
 * comment that runs to the end of the line.
 *
 * <p>Numbers: {@code -?digits(.digits)?([eE][+-]?digits)?} or {@code 0x} followed by hex digits. A
 * {@code -} not followed by a digit is a token of its own (for {@code -inf}).
 */
final class Lexer {
    private final SourceText source;
    private final String text;
    private int pos;
    private int lastTokenEnd;

    Lexer(SourceText source) {
        this.source = source;
        this.text = source.text();
    }

    Token next() {
        skipSpaceAndComments();
        int start = pos;
        if (pos >= text.length()) {
            // Points just after the last token, so "expected '}'" lands on the line that lacks it.
            return new Token(Token.Kind.EOF, "", lastTokenEnd);
        }
        char c = text.charAt(pos);
        Token t;
        if (c == '%') {
            t = value();
        } else if (c == '"') {
            t = new Token(Token.Kind.STRING, string(), start);
        } else if (NameSyntax.isIdentStart(c)) {
            t = new Token(Token.Kind.IDENT, run(start), start);
        } else if (isDigit(c) || (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            t = number();
        } else {
            t = new Token(punctuation(c), String.valueOf(c), start);
            pos++;
        }
        lastTokenEnd = pos;
        return t;
    }

    private void skipSpaceAndComments() {
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

    private Token.Kind punctuation(char c) {
        return switch (c) {
            case '{' -> Token.Kind.LBRACE;
            case '}' -> Token.Kind.RBRACE;
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '[' -> Token.Kind.LBRACKET;
            case ']' -> Token.Kind.RBRACKET;
            case ',' -> Token.Kind.COMMA;
            case '=' -> Token.Kind.EQUALS;
            case ':' -> Token.Kind.COLON;
            case '-' -> Token.Kind.MINUS;
            default -> throw source.error(Kind.UNEXPECTED_CHARACTER, pos,
                    "unexpected character " + describeChar(text.codePointAt(pos)));
        };
    }

    private static String describeChar(int cp) {
        if (cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return String.format(java.util.Locale.ROOT, "U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }

    private Token value() {
        int start = pos;
        pos++;
        if (pos < text.length() && text.charAt(pos) == '"') {
            return new Token(Token.Kind.VALUE, string(), start);
        }
        String name = run(pos);
        if (name.isEmpty()) {
            throw source.error(Kind.UNEXPECTED_TOKEN, start, "expected a value name after '%'");
        }
        return new Token(Token.Kind.VALUE, name, start);
    }

    /** The longest run of name characters from {@code start}; advances past it. */
    private String run(int start) {
        pos = start;
        while (pos < text.length() && NameSyntax.isNameChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A quoted string starting at {@code pos}; returns its unescaped content. */
    private String string() {
        int open = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw source.error(Kind.UNTERMINATED_STRING, open, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(escape());
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private char escape() {
        int at = pos;
        char e = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        pos += 2;
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (pos + 4 <= text.length()) {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos + i), 16);
                        if (d < 0) {
                            v = -1;
                            break;
                        }
                        v = v * 16 + d;
                    }
                    if (v >= 0) {
                        pos += 4;
                        return (char) v;
                    }
                }
                throw source.error(Kind.BAD_ESCAPE, at, "\\u must be followed by four hex digits");
            default:
                throw source.error(Kind.BAD_ESCAPE, at,
                        "unknown escape; use \\\", \\\\, \\n, \\r, \\t or \\uXXXX");
        }
    }

    private Token number() {
        int start = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            return finishNumber(start, pos > digits);
        }
        if (text.charAt(pos) == '-') {
            pos++;
        }
        boolean ok = digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            ok &= digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            ok &= digits();
        }
        return finishNumber(start, ok);
    }

    private Token finishNumber(int start, boolean ok) {
        if (!ok || (pos < text.length() && NameSyntax.isNameChar(text.charAt(pos)))) {
            run(pos);
            throw source.error(Kind.MALFORMED_NUMBER, start, "malformed number '" + Token.clip(text.substring(start, pos)) + "'");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, pos), start);
    }

    /** Skips decimal digits; true when there was at least one. */
    private boolean digits() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
