package kiln.ir.text;

/**
 * One token of the IR text form. {@code text} is the identifier or the number as written, the unescaped
 * content of a quoted string, or the name of a value (without its {@code %}, unescaped when quoted).
 */
record Token(Kind kind, String text, int offset) {

    enum Kind {
        IDENT, NUMBER, STRING, VALUE, LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, EQUALS, COLON,
        MINUS, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    /** True for the identifier {@code word}. */
    boolean isWord(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    /** How the token reads in a diagnostic: {@code '{'}, {@code identifier 'foo'}, {@code end of input}. */
    String describe() {
        return switch (kind) {
            case IDENT -> "'" + clip(text) + "'";
            case NUMBER -> "number " + clip(text);
            case STRING -> "string " + clip(NameSyntax.quote(text));
            case VALUE -> "value " + clip(NameSyntax.valueName(text));
            case LBRACE -> "'{'";
            case RBRACE -> "'}'";
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case LBRACKET -> "'['";
            case RBRACKET -> "']'";
            case COMMA -> "','";
            case EQUALS -> "'='";
            case COLON -> "':'";
            case MINUS -> "'-'";
            case EOF -> "end of input";
        };
    }

    /** {@code s}, cut to a length that fits in a one-line diagnostic. */
    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
