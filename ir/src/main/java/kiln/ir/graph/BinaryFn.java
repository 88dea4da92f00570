package kiln.ir.graph;

import kiln.runtime.DType;

/** The elementwise functions of two broadcast tensors. */
public enum BinaryFn {
    ADD(true), SUB(true), MUL(true), DIV(true), POW(false), MAX(false), MIN(false);

    private final boolean complex;

    BinaryFn(boolean complex) {
        this.complex = complex;
    }

    /** The name in the IR text form. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean accepts(DType t) {
        return t.isFloat() || t.isInteger() || (complex && t.isComplex());
    }
}
