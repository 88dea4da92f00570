package kiln.cli;

/** A mistake in what the user gave Kiln: printed as one line, exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
