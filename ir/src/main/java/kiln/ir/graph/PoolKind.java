package kiln.ir.graph;

/** What a pooling window computes. */
public enum PoolKind {
    AVG, MAX;

    public String text() {
        return this == AVG ? "avg" : "max";
    }
}
