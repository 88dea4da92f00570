package kiln.ir.graph;

/** How {@link Resize} in nearest mode rounds a source coordinate that is not an integer. */
public enum NearestRounding {
    /** To the nearer integer, halves down. */
    ROUND_PREFER_FLOOR,
    /** To the nearer integer, halves up. */
    ROUND_PREFER_CEIL,
    /** Down. */
    FLOOR,
    /** Up. */
    CEIL
}
