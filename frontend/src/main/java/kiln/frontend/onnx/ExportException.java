package kiln.frontend.onnx;

/** A Graph IR construct that has no faithful ONNX form; the exporter reports it with the node it is in. */
final class ExportException extends RuntimeException {
    ExportException(String message) {
        super(message);
    }
}
