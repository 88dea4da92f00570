package kiln.ir.graph;

/** What a reduction computes. */
public enum ReduceKind {
    SUM, MEAN, MAX, MIN;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
