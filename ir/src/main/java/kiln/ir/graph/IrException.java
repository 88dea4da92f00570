package kiln.ir.graph;

/** An ill-formed IR construct: a type or shape error, a bad attribute, a broken SSA invariant. */
public class IrException extends RuntimeException {
    public IrException(String message) {
        super(message);
    }
}
