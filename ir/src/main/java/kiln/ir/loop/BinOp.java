package kiln.ir.loop;

/** Binary operators of Loop IR expressions. */
public enum BinOp {
    ADD, SUB, MUL,
    /** Float division; integer division truncating toward zero. */
    DIV,
    /** Integer division rounding toward negative infinity (for index arithmetic). */
    FLOORDIV,
    /** Integer remainder with the sign of the divisor (pairs with FLOORDIV). */
    MOD,
    MIN, MAX, POW,
    LT, LE, EQ, NE,
    AND, OR;

    public boolean isComparison() {
        return this == LT || this == LE || this == EQ || this == NE;
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
