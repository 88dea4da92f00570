package kiln.frontend.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Source;
import kiln.frontend.diag.Span;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Reads one source file into its AST. The whole file is lexed first, so that characters and strings that
 * form no token, and brackets nested beyond {@link #MAX_NESTING}, are reported before the parser sees
 * them; a file with such errors, or with syntax errors, yields no AST (later phases would only produce
 * echoes of them).
 */
public final class KilnParsing {
    /** Bracket nesting ({@code ( [ {} together) allowed; deeper is K0120. */
    public static final int MAX_NESTING = 100;
    /** Source files beyond this many characters are refused (K0122). */
    public static final int MAX_CHARS = 16 << 20;

    private KilnParsing() {
    }

    /** The file's AST, or null when it has lexical or syntax errors (which are in {@code diagnostics}). */
    public static KilnFile parse(Source source, Diagnostics diagnostics) {
        if (source.text().length() > MAX_CHARS) {
            diagnostics.report(Code.FILE_TOO_LARGE, Span.at(source, 1, 1, 1), "the file has "
                    + source.text().length() + " characters; Kiln reads files of at most " + MAX_CHARS);
            return null;
        }
        KilnLexer lexer = new KilnLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!lexicallySound(source, tokens, diagnostics)) {
            return null;
        }
        GuardedParser parser = new GuardedParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        SyntaxErrors errors = new SyntaxErrors(source, diagnostics, declarations(tokens));
        parser.setErrorHandler(errors);
        KilnParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (GuardedParser.TooDeep e) {
            Token at = parser.getCurrentToken();
            diagnostics.report(Code.TOO_DEEP, span(source, at), "this expression nests more than "
                    + GuardedParser.MAX_DEPTH + " levels deep; split it with let");
            return null;
        }
        if (errors.any()) {
            return null;
        }
        int before = diagnostics.count();
        KilnFile file = new AstBuilder(source, diagnostics).file(tree);
        return diagnostics.count() == before ? file : null;
    }

    private static boolean lexicallySound(Source source, CommonTokenStream tokens, Diagnostics diagnostics) {
        boolean sound = true;
        Deque<Token> open = new ArrayDeque<>();
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case KilnLexer.BAD_CHAR -> {
                    diagnostics.report(Code.UNEXPECTED_CHARACTER, span(source, t), "unexpected character "
                            + quoteChar(t.getText()));
                    sound = false;
                }
                case KilnLexer.UNTERMINATED_STRING -> {
                    diagnostics.report(Code.UNTERMINATED_STRING, span(source, t), "this string has no closing quote");
                    sound = false;
                }
                case KilnLexer.BAD_NUMBER -> {
                    diagnostics.report(Code.MALFORMED_NUMBER, span(source, t), "malformed number '" + t.getText()
                            + "'");
                    sound = false;
                }
                case KilnLexer.LPAREN, KilnLexer.LBRACK, KilnLexer.LBRACE -> {
                    open.push(t);
                    if (open.size() > MAX_NESTING) {
                        diagnostics.report(Code.TOO_DEEP, span(source, t), "brackets nest more than " + MAX_NESTING
                                + " levels deep here");
                        return false;
                    }
                }
                case KilnLexer.RPAREN, KilnLexer.RBRACK, KilnLexer.RBRACE -> {
                    if (!open.isEmpty()) {
                        open.pop();
                    }
                }
                default -> {
                }
            }
        }
        return sound;
    }

    /** The top-level declaration of each token: a new one starts at import, block or model outside braces. */
    private static int[] declarations(CommonTokenStream tokens) {
        int[] out = new int[tokens.size()];
        int declaration = 0;
        int depth = 0;
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case KilnLexer.LBRACE -> depth++;
                case KilnLexer.RBRACE -> depth = Math.max(0, depth - 1);
                case KilnLexer.IMPORT, KilnLexer.BLOCK, KilnLexer.MODEL -> {
                    if (depth == 0) {
                        declaration++;
                    }
                }
                default -> {
                }
            }
            out[t.getTokenIndex()] = declaration;
        }
        return out;
    }

    private static String quoteChar(String text) {
        int cp = text.codePointAt(0);
        if (cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "' (U+" + String.format("%04X", cp) + ")";
    }

    private static Span span(Source source, Token t) {
        String text = t.getType() == Token.EOF ? " " : t.getText();
        return Span.at(source, t.getLine(), t.getCharPositionInLine() + 1, text.codePointCount(0, text.length()));
    }
}
