package kiln.ir.graph;

/** How {@link Pad} fills the new border. */
public enum PadMode {
    /** A fixed value. */
    CONSTANT,
    /** Mirror without repeating the edge element (numpy "reflect"). */
    REFLECT,
    /** Repeat the edge element. */
    EDGE;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
