package kiln.frontend.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStream;

/**
 * The generated parser with a bound on the depth of the parse tree, so that deeply nested or absurdly
 * long expressions end in a diagnostic instead of a {@link StackOverflowError} here or in any later
 * phase that walks the tree. Left-recursive chains ({@code a + b + c ...}) nest in the tree without
 * nesting calls in the parser, so they are counted too.
 */
final class GuardedParser extends KilnParser {
    /** Deeper than any sensible model (a bracket adds about three levels), shallow enough for a 512 KiB stack. */
    static final int MAX_DEPTH = 600;

    /** Thrown out of the parse when the tree gets too deep. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private final Deque<Integer> chains = new ArrayDeque<>();
    private int depth;

    GuardedParser(TokenStream input) {
        super(input);
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        grow();
        super.enterRule(localctx, state, ruleIndex);
    }

    @Override
    public void exitRule() {
        depth--;
        super.exitRule();
    }

    @Override
    public void enterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
        grow();
        chains.push(0);
        super.enterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    @Override
    public void pushNewRecursionContext(ParserRuleContext localctx, int state, int ruleIndex) {
        grow();
        chains.push(chains.pop() + 1);
        super.pushNewRecursionContext(localctx, state, ruleIndex);
    }

    @Override
    public void unrollRecursionContexts(ParserRuleContext parentctx) {
        depth -= 1 + (chains.isEmpty() ? 0 : chains.pop());
        super.unrollRecursionContexts(parentctx);
    }

    private void grow() {
        if (++depth > MAX_DEPTH) {
            throw new TooDeep();
        }
    }
}
