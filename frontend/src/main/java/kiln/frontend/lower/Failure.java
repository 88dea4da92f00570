package kiln.frontend.lower;

import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;

/**
 * An error found while lowering. It unwinds to the statement being executed, which reports it (with the
 * block instantiations it happened in) and poisons what the statement would have defined.
 */
final class Failure extends RuntimeException {
    private final Code code;
    private final Span span;

    Failure(Code code, Span span, String message) {
        super(message, null, false, false);
        this.code = code;
        this.span = span;
    }

    /** Unwinds like a failure but reports nothing: its cause was poison, already reported. */
    static Failure silent() {
        return new Failure(null, null, "");
    }

    boolean isSilent() {
        return code == null;
    }

    Code code() {
        return code;
    }

    Span span() {
        return span;
    }
}
