package kiln.ir.graph;

import kiln.runtime.DType;

/** The elementwise functions of one argument without attributes. */
public enum UnaryFn {
    NEG(Domain.SIGNED_OR_COMPLEX),
    ABS(Domain.SIGNED),
    SIGN(Domain.SIGNED),
    EXP(Domain.FLOAT),
    LOG(Domain.FLOAT),
    SQRT(Domain.FLOAT),
    RECIPROCAL(Domain.FLOAT),
    FLOOR(Domain.FLOAT),
    CEIL(Domain.FLOAT),
    /** Rounds half to even, as ONNX Round does. */
    ROUND(Domain.FLOAT),
    SIN(Domain.FLOAT),
    COS(Domain.FLOAT),
    ERF(Domain.FLOAT),
    TANH(Domain.FLOAT),
    SIGMOID(Domain.FLOAT),
    RELU(Domain.SIGNED),
    /** x·Φ(x) with the exact normal CDF. */
    GELU(Domain.FLOAT),
    /** The tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH(Domain.FLOAT),
    /** x·sigmoid(x). */
    SILU(Domain.FLOAT),
    /** x·relu6(x + 3)/6. */
    HARD_SWISH(Domain.FLOAT),
    /** log(1 + eˣ). */
    SOFTPLUS(Domain.FLOAT),
    /** Complex conjugate. */
    CONJ(Domain.COMPLEX);

    enum Domain { FLOAT, SIGNED, SIGNED_OR_COMPLEX, COMPLEX }

    private final Domain domain;

    UnaryFn(Domain domain) {
        this.domain = domain;
    }

    /** The name in the IR text form. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean accepts(DType t) {
        return switch (domain) {
            case FLOAT -> t.isFloat();
            case SIGNED -> t.isFloat() || t.isInteger();
            case SIGNED_OR_COMPLEX -> t.isFloat() || t.isInteger() || t.isComplex();
            case COMPLEX -> t.isComplex();
        };
    }
}
