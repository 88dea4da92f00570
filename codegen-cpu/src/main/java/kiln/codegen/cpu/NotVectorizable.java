package kiln.codegen.cpu;

/**
 * Thrown while emitting a vectorized loop's body when some part of it has no vector form; the loop is then
 * emitted as a scalar loop, which is always correct, with the reason in a comment.
 */
final class NotVectorizable extends RuntimeException {
    NotVectorizable(String reason) {
        super(reason, null, false, false);
    }
}
