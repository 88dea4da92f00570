package kiln.ir.text;

import kiln.ir.text.IrSyntaxException.Kind;

/** The parser's view of the lexer: one token of lookahead, and diagnostics at token positions. */
final class TokenStream {
    private final SourceText source;
    private final Lexer lexer;
    private Token peek;

    TokenStream(SourceText source) {
        this.source = source;
        this.lexer = new Lexer(source);
        this.peek = lexer.next();
    }

    Token peek() {
        return peek;
    }

    Token next() {
        Token t = peek;
        if (!t.is(Token.Kind.EOF)) {
            peek = lexer.next();
        }
        return t;
    }

    boolean at(Token.Kind kind) {
        return peek.is(kind);
    }

    /** Consumes the next token when it is of {@code kind}. */
    boolean accept(Token.Kind kind) {
        if (peek.is(kind)) {
            next();
            return true;
        }
        return false;
    }

    /** The next token, which must be of {@code kind}; {@code what} names it in the diagnostic. */
    Token expect(Token.Kind kind, String what) {
        if (!peek.is(kind)) {
            throw unexpected(what);
        }
        return next();
    }

    /** "expected WHAT, found TOKEN" at the next token. */
    IrSyntaxException unexpected(String what) {
        return error(Kind.UNEXPECTED_TOKEN, peek, "expected " + what + ", found " + peek.describe());
    }

    IrSyntaxException error(Kind kind, Token at, String detail) {
        return source.error(kind, at.offset(), detail);
    }
}
