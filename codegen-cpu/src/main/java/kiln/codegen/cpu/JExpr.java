package kiln.codegen.cpu;

import com.palantir.javapoet.CodeBlock;
import kiln.ir.loop.ScalarType;

/**
 * A scalar Java expression of generated code: its text, its Loop IR type, the precedence of its outermost
 * operator (so operands get parentheses only where Java needs them), and its value when it is an integer
 * constant (so {@code x + 0} is not written).
 */
record JExpr(CodeBlock code, ScalarType type, int precedence, Long constant) {
    /** Names, literals, calls, array elements. */
    static final int ATOM = 100;
    /** Prefix operators and casts. */
    static final int UNARY = 90;
    static final int MULTIPLICATIVE = 80;
    static final int ADDITIVE = 70;
    static final int RELATIONAL = 60;
    static final int EQUALITY = 55;
    static final int BIT_AND = 50;
    static final int BIT_OR = 45;
    static final int AND = 40;
    static final int OR = 35;
    static final int CONDITIONAL = 20;

    static JExpr atom(CodeBlock code, ScalarType type) {
        return new JExpr(code, type, ATOM, null);
    }

    static JExpr of(CodeBlock code, ScalarType type, int precedence) {
        return new JExpr(code, type, precedence, null);
    }

    static JExpr name(String name, ScalarType type) {
        return atom(CodeBlock.of("$N", name), type);
    }

    boolean atomic() {
        return precedence >= ATOM;
    }

    /** The code as an operand that needs at least {@code min} precedence: in parentheses if it has less. */
    CodeBlock operand(int min) {
        return precedence >= min ? code : CodeBlock.of("($L)", code);
    }

    /** The code as the operand of a prefix operator or cast. */
    CodeBlock operand() {
        return operand(UNARY);
    }

    boolean isZero() {
        return constant != null && constant == 0;
    }

    @Override
    public String toString() {
        return code.toString();
    }
}
