package kiln.ir.loop;

/** Unary operators of Loop IR expressions; compute definitions build activations from these. */
public enum UnOp {
    NEG, ABS, EXP, LOG, SQRT, TANH, ERF, SIN, COS, FLOOR, CEIL,
    /** Round half to even. */
    RINT,
    NOT;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
