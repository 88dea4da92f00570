package kiln.passes.loop;

import kiln.ir.loop.Bounds;
import kiln.ir.loop.Expr;
import kiln.ir.loop.FactMutator;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;

/**
 * Removes loops that do not loop: a loop that runs no iteration at any vector width disappears, and a loop
 * that runs exactly one becomes its body with the variable replaced by 0. Then simplifies.
 *
 * <pre>
 * for jo in 0..(3 + lanes(f32) - 1) // lanes(f32) { for ji in 0..lanes(f32) { x[jo*lanes(f32) + ji] = 0.0 } }
 * --&gt; for ji in 0..lanes(f32) { x[ji] = 0.0 }
 * </pre>
 */
public final class RemoveDeadLoops implements LoopPass {
    public static final RemoveDeadLoops INSTANCE = new RemoveDeadLoops();

    private RemoveDeadLoops() {
    }

    @Override
    public String name() {
        return "remove-dead-loops";
    }

    @Override
    public Kernel run(Kernel k) {
        Kernel out = new Walk().mutate(k);
        return out == k ? k : Simplify.kernel(out);
    }

    private static final class Walk extends FactMutator {
        @Override
        protected Stmt visit(Stmt.For s) {
            Interval extent = Bounds.range(s.extent(), facts);
            if (!extent.isEmpty() && extent.hi() <= 0) {
                return new Stmt.Seq(java.util.List.of());
            }
            if (extent.isPoint() && extent.lo() == 1) {
                return mutate(Substitute.in(s.body(), s.var(), new Expr.IntImm(ScalarType.I32, 0)));
            }
            return inLoop(s);
        }
    }
}
