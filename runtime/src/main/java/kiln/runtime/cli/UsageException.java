package kiln.runtime.cli;

/** A mistake on the command line or in a file the user gave: one line of message, exit code 1. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
