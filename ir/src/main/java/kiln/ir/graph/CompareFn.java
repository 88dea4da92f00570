package kiln.ir.graph;

import kiln.runtime.DType;

/** The elementwise comparisons of two broadcast tensors. */
public enum CompareFn {
    EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL;

    /** The name in the IR text form. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Equality compares bools too; an ordering needs numbers. Complex numbers have no order and are refused. */
    public boolean accepts(DType t) {
        return t.isFloat() || t.isInteger() || (t == DType.BOOL && (this == EQUAL || this == NOT_EQUAL));
    }
}
