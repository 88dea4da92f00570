package kiln.passes.loop;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;

/**
 * Expands every {@code UNROLLED} loop into copies of its body, one per value of its variable substituted
 * as a constant, then simplifies: positions in a register tile become constants (modulo the vector lane),
 * which is what lets the code generator keep the tile in registers. Inner unrolled loops expand first.
 *
 * <pre>
 * for ii in 0..2 unrolled { acc[ii*lanes(f32) + ji] = 0.0 }
 * --&gt; acc[ji] = 0.0
 *     acc[lanes(f32) + ji] = 0.0
 * </pre>
 */
public final class ExpandUnrolled implements LoopPass {
    public static final ExpandUnrolled INSTANCE = new ExpandUnrolled();

    private ExpandUnrolled() {
    }

    @Override
    public String name() {
        return "expand-unrolled";
    }

    @Override
    public Kernel run(Kernel k) {
        Kernel out = new Mutator() {
            @Override
            protected Stmt visit(Stmt.For s) {
                Stmt.For m = (Stmt.For) super.visit(s);
                if (m.kind() != LoopKind.UNROLLED || !(m.extent() instanceof Expr.IntImm n)) {
                    return m;
                }
                List<Stmt> copies = new ArrayList<>();
                for (long i = 0; i < n.value(); i++) {
                    copies.add(Substitute.in(m.body(), m.var(), new Expr.IntImm(ScalarType.I32, i)));
                }
                return new Stmt.Seq(copies);
            }
        }.mutate(k);
        return out == k ? k : Simplify.kernel(out);
    }
}
