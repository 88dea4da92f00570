package kiln.codegen.cpu;

import java.util.Map;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Strength reduction of index arithmetic in a loop that C2 will not treat as counted (the reduction loop of
 * a micro-kernel, see {@code KernelEmitter}): such a loop gets no induction-variable rewriting from the JIT,
 * so an index {@code c·3136 + rest} would cost a multiply per access per iteration and tie up registers. Each
 * index of a buffer parameter (tiles keep theirs, which place them in registers) that is {@code k·v + rest}
 * with a constant k becomes {@code rest + v_k}, where {@code v_k} is a
 * variable the loop steps by k alongside v (one per distinct k). Integer arithmetic wraps, so the reassociated
 * sum is the same int.
 */
final class InductionVariables {
    private InductionVariables() {
    }

    /**
     * {@code body} with the indices of its loads and stores rewritten; {@code steps} receives, per coefficient
     * k, the variable that stands for {@code k·v} (named with {@code names}).
     */
    static Stmt reduce(Stmt body, Expr.Var v, Names names, Map<Long, Expr.Var> steps) {
        return new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                Expr index = m.buffer().scope() == Buffer.Scope.GLOBAL ? rewrite(m.index()) : m.index();
                return index == m.index() ? m : new Expr.Load(m.buffer(), index);
            }

            @Override
            protected Stmt visit(Stmt.Store s) {
                Stmt.Store m = (Stmt.Store) super.visit(s);
                Expr index = m.buffer().scope() == Buffer.Scope.GLOBAL ? rewrite(m.index()) : m.index();
                return index == m.index() ? m : new Stmt.Store(m.buffer(), index, m.value());
            }

            private Expr rewrite(Expr index) {
                if (index.type() != ScalarType.I32) {
                    return index;
                }
                Poly p = Poly.of(index);
                long k = 0;
                for (var t : p.terms().entrySet()) {
                    boolean has = t.getKey().atoms().contains(v);
                    if (has && (t.getKey().atoms().size() != 1 || k != 0)) {
                        return index;
                    }
                    if (has) {
                        k = t.getValue();
                    }
                }
                if (k == 0) {
                    return index;
                }
                long stride = k;
                Expr.Var iv = steps.computeIfAbsent(stride, x -> new Expr.Var(names.fresh(v.name() + "_x" + Math.abs(x)),
                        ScalarType.I32));
                Poly rest = p.sub(Poly.atom(v).scale(stride));
                return rest.isConstant() && rest.constant() == 0 ? iv : new Expr.Bin(BinOp.ADD, rest.toExpr(), iv);
            }
        }.mutate(body);
    }
}
