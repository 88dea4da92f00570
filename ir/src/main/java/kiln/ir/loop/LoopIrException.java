package kiln.ir.loop;

import kiln.ir.graph.IrException;

/** Loop IR that breaks a rule of the IR: an unbound variable, a buffer used outside its scope, a type error. */
public class LoopIrException extends IrException {
    public LoopIrException(String message) {
        super(message);
    }
}
