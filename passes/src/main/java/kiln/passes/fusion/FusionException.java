package kiln.passes.fusion;

/** A fusion that does not apply to the kernels it was asked of; the message says why. */
public final class FusionException extends RuntimeException {
    public FusionException(String message) {
        super(message);
    }
}
