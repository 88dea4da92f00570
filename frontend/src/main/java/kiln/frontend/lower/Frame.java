package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.check.Module;
import kiln.frontend.diag.Diagnostic;
import kiln.frontend.diag.Span;

/**
 * One body being lowered: the model's, or a block instance's. {@code prefix} is prepended to the names
 * of the parameters the body declares ({@code stages.2.blocks.0.}); {@code trace} says, innermost first,
 * which instantiations led here, for the notes of diagnostics.
 */
final class Frame {
    final Module module;
    final String prefix;
    final List<Diagnostic.Note> trace;
    final int depth;

    Frame(Module module, String prefix, List<Diagnostic.Note> trace, int depth) {
        this.module = module;
        this.prefix = prefix;
        this.trace = List.copyOf(trace);
        this.depth = depth;
    }

    /** The frame of an instance of block {@code name} called at {@code at} from this frame. */
    Frame enter(Module callee, String name, String calleePrefix, Span at) {
        List<Diagnostic.Note> t = new ArrayList<>();
        String where = calleePrefix.isEmpty() ? "" : " '" + calleePrefix.substring(0, calleePrefix.length() - 1) + "'";
        t.add(new Diagnostic.Note(at, "in block " + name + where + " instantiated here"));
        t.addAll(trace);
        return new Frame(callee, calleePrefix, t, depth + 1);
    }
}
