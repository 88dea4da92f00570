package kiln.ir.graph;

/** Where the 1/n of a transform pair goes, as numpy's and PyTorch's {@code norm} argument. */
public enum FftNorm {
    /** Forward unscaled, inverse scaled by 1/n. */
    BACKWARD,
    /** Both scaled by 1/√n. */
    ORTHO,
    /** Forward scaled by 1/n, inverse unscaled. */
    FORWARD;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
