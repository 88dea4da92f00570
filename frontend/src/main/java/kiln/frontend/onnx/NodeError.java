package kiln.frontend.onnx;

import kiln.frontend.onnx.OnnxException.Kind;

/**
 * Thrown while one node is converted; the importer records it as a problem of that node and goes on
 * with the next, so that every problem of a model is reported at once.
 */
final class NodeError extends RuntimeException {
    private final Kind kind;
    private final String value;

    NodeError(Kind kind, String message, String value) {
        super(message);
        this.kind = kind;
        this.value = value;
    }

    static NodeError unsupported(String message) {
        return new NodeError(Kind.UNSUPPORTED_ATTRIBUTE, message, "");
    }

    static NodeError unsupportedType(String message) {
        return new NodeError(Kind.UNSUPPORTED_TYPE, message, "");
    }

    static NodeError invalid(String message) {
        return new NodeError(Kind.INVALID_MODEL, message, "");
    }

    /** {@code value}: the ONNX name of the value that would have to be known at compile time. */
    static NodeError needsConstant(String message, String value) {
        return new NodeError(Kind.NEEDS_CONSTANT, message, value);
    }

    Kind kind() {
        return kind;
    }

    String value() {
        return value;
    }
}
