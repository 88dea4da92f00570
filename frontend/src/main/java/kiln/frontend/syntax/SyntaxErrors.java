package kiln.frontend.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Source;
import kiln.frontend.diag.Span;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with Kiln's messages: "unexpected X; expected Y or Z", where the expected tokens are
 * named for people ({@code ')'}, {@code a name}, {@code an expression}). ANTLR already stays quiet until
 * it has recovered; on top of that only the first error of a line is reported, since later ones on the
 * same line are nearly always echoes of it.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    /** Tokens that can start an expression; when most of them are expected, say "an expression". */
    private static final int[] EXPRESSION_STARTS = {KilnParser.INT, KilnParser.FLOAT, KilnParser.STRING,
        KilnParser.LPAREN, KilnParser.LBRACK, KilnParser.MINUS, KilnParser.PLUS, KilnParser.NOT, KilnParser.TRUE,
        KilnParser.FALSE, KilnParser.NONE, KilnParser.IDENT, KilnParser.PARAM};
    /** Binary operators; when many are expected (after a complete operand), say "an operator". */
    private static final int[] OPERATORS = {KilnParser.AND, KilnParser.OR, KilnParser.POW, KilnParser.STAR,
        KilnParser.DSLASH, KilnParser.SLASH, KilnParser.PERCENT, KilnParser.AT, KilnParser.PLUS, KilnParser.MINUS,
        KilnParser.EQ, KilnParser.NE, KilnParser.LE, KilnParser.GE, KilnParser.LT, KilnParser.GT};
    private static final int MAX_PER_FILE = 20;

    private final Source source;
    private final Diagnostics diagnostics;
    private final Set<Integer> lines = new HashSet<>();
    private final Set<Integer> declarations = new HashSet<>();
    private final int[] declarationOf;
    private int count;

    /**
     * @param declarationOf for each token index, the top-level declaration (import, block, model) it lies
     *                      in: only the first error of each is reported, as later ones in the same
     *                      declaration are usually consequences of the first
     */
    SyntaxErrors(Source source, Diagnostics diagnostics, int[] declarationOf) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.declarationOf = declarationOf;
    }

    boolean any() {
        return count > 0;
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token at = e.getOffendingToken();
        IntervalSet expected = e instanceof NoViableAltException || e instanceof InputMismatchException
                ? e.getExpectedTokens() : recognizer.getExpectedTokens();
        report(Code.UNEXPECTED_TOKEN, at, "unexpected " + describe(at, recognizer.getVocabulary()) + expecting(expected,
                recognizer.getVocabulary()));
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token at = recognizer.getCurrentToken();
        report(Code.UNEXPECTED_TOKEN, at, "unexpected " + describe(at, recognizer.getVocabulary())
                + expecting(getExpectedTokens(recognizer), recognizer.getVocabulary()));
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token at = recognizer.getCurrentToken();
        List<String> names = names(getExpectedTokens(recognizer), recognizer.getVocabulary());
        report(Code.MISSING_TOKEN, at, "missing " + or(names) + " before " + describe(at, recognizer.getVocabulary()));
    }

    private void report(Code code, Token at, String message) {
        count++;
        int index = at.getTokenIndex();
        Integer declaration = index >= 0 && index < declarationOf.length ? declarationOf[index] : -1;
        if (count > MAX_PER_FILE || !declarations.add(declaration) || !lines.add(at.getLine())) {
            return;
        }
        String text = at.getType() == Token.EOF ? " " : at.getText();
        diagnostics.report(code, Span.at(source, at.getLine(), at.getCharPositionInLine() + 1,
                text.codePointCount(0, text.length())), message);
    }

    static String describe(Token t, Vocabulary vocabulary) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        return "'" + t.getText() + "'";
    }

    private static String expecting(IntervalSet expected, Vocabulary vocabulary) {
        List<String> names = names(expected, vocabulary);
        return names.isEmpty() ? "" : "; expected " + or(names);
    }

    /** People's names of the expected tokens, expression starters collapsed into "an expression". */
    static List<String> names(IntervalSet expected, Vocabulary vocabulary) {
        Set<String> out = new LinkedHashSet<>();
        int starts = 0;
        for (int t : EXPRESSION_STARTS) {
            if (expected.contains(t)) {
                starts++;
            }
        }
        boolean collapse = starts >= EXPRESSION_STARTS.length - 3;
        int operators = 0;
        for (int t : OPERATORS) {
            if (expected.contains(t)) {
                operators++;
            }
        }
        boolean collapseOperators = operators >= 5;
        List<String> symbolic = new ArrayList<>();
        for (int t : expected.toList()) {
            if (collapse && contains(EXPRESSION_STARTS, t)) {
                symbolic.add("an expression");
                continue;
            }
            if (collapseOperators && contains(OPERATORS, t)) {
                symbolic.add("an operator");
                continue;
            }
            String literal = vocabulary.getLiteralName(t);
            if (literal != null) {
                out.add(literal);
            } else {
                symbolic.add(switch (t) {
                    case Token.EOF -> "end of file";
                    case KilnParser.IDENT -> "a name";
                    case KilnParser.INT -> "an integer";
                    case KilnParser.FLOAT -> "a number";
                    case KilnParser.STRING -> "a string";
                    default -> vocabulary.getDisplayName(t);
                });
            }
        }
        out.addAll(symbolic);
        return new ArrayList<>(out);
    }

    private static boolean contains(int[] set, int t) {
        for (int s : set) {
            if (s == t) {
                return true;
            }
        }
        return false;
    }

    private static String or(List<String> names) {
        if (names.size() <= 1) {
            return names.isEmpty() ? "something else" : names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
