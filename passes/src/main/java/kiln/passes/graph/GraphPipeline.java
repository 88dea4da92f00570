package kiln.passes.graph;

import java.io.PrintStream;
import java.util.List;
import kiln.ir.text.IrPrinter;

/**
 * Graph passes in order, run in rounds until a round changes nothing (one pass can open up work for
 * another: a reshaped layer scale becomes a weight, then folds into its layer), at most
 * {@value #MAX_ROUNDS} rounds. A {@link Listener} sees the model after every pass, to dump it or to check
 * it as tests do.
 */
public record GraphPipeline(String name, List<GraphPass> passes) {
    public static final int MAX_ROUNDS = 8;

    /** Told the model before and after each pass ({@code after == before} when the pass changed nothing). */
    public interface Listener {
        void afterPass(GraphPass pass, int round, Model before, Model after);
    }

    public GraphPipeline {
        passes = List.copyOf(passes);
    }

    public Model run(Model m) {
        return run(m, (pass, round, before, after) -> {
        });
    }

    public Model run(Model m, Listener listener) {
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            Model start = m;
            for (GraphPass p : passes) {
                Model next;
                try {
                    next = p.run(m);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("graph pass " + p.name() + " failed on " + m.graph().name() + ": "
                            + e.getMessage(), e);
                }
                listener.afterPass(p, round, m, next);
                m = next;
            }
            if (m == start) {
                break;
            }
        }
        return m;
    }

    /** A listener that prints the graph after every pass that changed it, headed by the pass's name. */
    public static Listener dump(PrintStream out) {
        return (pass, round, before, after) -> {
            if (after != before) {
                out.println("# after " + pass.name() + " (round " + round + ")");
                out.print(IrPrinter.print(after.graph()));
            }
        };
    }
}
