package kiln.ir.loop;

/** How a loop's iterations may run. All but SERIAL promise that iterations are independent. */
public enum LoopKind {
    SERIAL,
    /** Iterations are spread over the worker threads. */
    PARALLEL,
    /** Iterations run in the lanes of vector registers; a partial last vector is masked. */
    VECTORIZED,
    /** The body is repeated {@code extent} times in the generated code; the extent must be constant. */
    UNROLLED;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
