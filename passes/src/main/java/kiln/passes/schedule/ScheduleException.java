package kiln.passes.schedule;

import kiln.ir.loop.LoopIrException;

/** A schedule primitive that does not apply: no such loop, a shape it cannot handle, or an illegal reordering. */
public class ScheduleException extends LoopIrException {
    public ScheduleException(String message) {
        super(message);
    }
}
