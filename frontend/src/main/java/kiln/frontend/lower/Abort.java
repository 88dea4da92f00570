package kiln.frontend.lower;

/**
 * A limit was hit (too many operations, too many steps): lowering stops at once, carrying the failure to
 * report, instead of producing one error per remaining statement.
 */
final class Abort extends RuntimeException {
    private final Failure failure;

    Abort(Failure failure) {
        super(failure.getMessage(), null, false, false);
        this.failure = failure;
    }

    Failure failure() {
        return failure;
    }
}
