package kiln.codegen.cpu;

/**
 * Generated Java that does not compile: a bug in Kiln, never in the user's model. The message holds the
 * compiler's errors with the generated lines around each, and a command that reproduces the failure from a
 * copy of the source written to a temporary folder.
 */
public final class GeneratedCodeException extends RuntimeException {
    private final String source;

    GeneratedCodeException(String message, String source) {
        super(message);
        this.source = source;
    }

    /** The whole generated source. */
    public String source() {
        return source;
    }
}
