package kiln.passes.graph;

/**
 * A rewrite of a {@link Model} that keeps what it computes, exactly or up to the rounding the pass
 * documents (folding weights rounds them once). Passes hold no state: {@link #run} may be called on many
 * models, from many threads. Each pass documents what it requires and what it establishes; every result
 * is verified by construction ({@link kiln.ir.graph.Graph#of} and {@link Model}).
 */
public interface GraphPass {
    /** A short name for dumps and errors, e.g. {@code fold-batch-norm}. */
    String name();

    /** The rewritten model; the same instance when nothing changes. */
    Model run(Model m);
}
