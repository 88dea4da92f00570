package kiln.ir.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * The Loop IR simplifier. Expressions: constant folding, the canonical affine form of index arithmetic,
 * algebraic identities, floor division and remainder of affine forms by constants where the loop bounds
 * decide them, comparisons decided by interval analysis (see {@link ExprRules}). Statements: an
 * {@code if} whose condition the enclosing loops decide is replaced by its branch; lets of constants and
 * variables are substituted and unused lets dropped; nested sequences are flattened and empty ones
 * removed; loops and conditionals with nothing in them disappear; allocations nobody uses disappear.
 *
 * <p>Requires a verified kernel; establishes the same. Returns the same instance when nothing changes,
 * and simplifying twice changes nothing the second time.
 */
public final class Simplify {
    private Simplify() {
    }

    public static Kernel kernel(Kernel k) {
        return new Walk(Facts.EMPTY).mutate(k);
    }

    public static Stmt stmt(Stmt s) {
        return stmt(s, Facts.EMPTY);
    }

    /** {@code s} simplified where {@code facts} hold (the loops, lets and guards around it). */
    public static Stmt stmt(Stmt s, Facts facts) {
        return new Walk(facts).mutate(s);
    }

    public static Expr expr(Expr e) {
        return expr(e, Facts.EMPTY);
    }

    public static Expr expr(Expr e, Facts facts) {
        return new ExprRules(facts).simplify(e);
    }

    private static final class Walk extends Mutator {
        private Facts facts;

        Walk(Facts facts) {
            this.facts = facts;
        }

        @Override
        public Expr mutate(Expr e) {
            return new ExprRules(facts).simplify(e);
        }

        @Override
        protected Stmt visit(Stmt.For s) {
            Expr extent = mutate(s.extent());
            Facts outer = facts;
            facts = facts.withLoop(s.var(), extent);
            Stmt body = mutate(s.body());
            facts = outer;
            if (isEmpty(body)) {
                return empty();
            }
            return extent == s.extent() && body == s.body() ? s : new Stmt.For(s.var(), extent, s.kind(), body);
        }

        @Override
        protected Stmt visit(Stmt.If s) {
            Expr cond = mutate(s.cond());
            if (cond instanceof Expr.IntImm c) {
                return mutate(c.value() != 0 ? s.then() : s.otherwise());
            }
            Facts outer = facts;
            facts = outer.withCondition(cond);
            Stmt then = mutate(s.then());
            facts = outer.withCondition(new ExprRules(outer).simplify(new Expr.Un(UnOp.NOT, cond)));
            Stmt otherwise = mutate(s.otherwise());
            facts = outer;
            if (isEmpty(then) && isEmpty(otherwise)) {
                return empty();
            }
            return cond == s.cond() && then == s.then() && otherwise == s.otherwise() ? s
                    : new Stmt.If(cond, then, otherwise);
        }

        @Override
        protected Stmt visit(Stmt.Let s) {
            Expr value = mutate(s.value());
            if (value instanceof Expr.IntImm || value instanceof Expr.FloatImm || value instanceof Expr.Var
                    || value instanceof Expr.Lanes) {
                return mutate(Substitute.in(s.body(), s.var(), value));
            }
            if (!Uses.mentions(s.body(), s.var())) {
                return mutate(s.body());
            }
            Facts outer = facts;
            facts = facts.withLet(s.var(), value);
            Stmt body = mutate(s.body());
            facts = outer;
            if (isEmpty(body) || !Uses.mentions(body, s.var())) {
                return body;
            }
            return value == s.value() && body == s.body() ? s : new Stmt.Let(s.var(), value, body);
        }

        @Override
        protected Stmt visit(Stmt.Allocate s) {
            Stmt body = mutate(s.body());
            if (!Uses.accesses(body, s.buffer())) {
                return body;
            }
            return body == s.body() ? s : new Stmt.Allocate(s.buffer(), body);
        }

        @Override
        protected Stmt visit(Stmt.Seq s) {
            List<Stmt> out = new ArrayList<>();
            boolean changed = false;
            for (Stmt c : s.stmts()) {
                Stmt m = mutate(c);
                changed |= m != c;
                if (m instanceof Stmt.Seq inner) {
                    out.addAll(inner.stmts());
                    changed = true;
                } else {
                    out.add(m);
                }
            }
            if (out.size() == 1) {
                return out.getFirst();
            }
            return changed ? new Stmt.Seq(out) : s;
        }
    }

    static boolean isEmpty(Stmt s) {
        return s instanceof Stmt.Seq q && q.stmts().isEmpty();
    }

    static Stmt empty() {
        return new Stmt.Seq(List.of());
    }
}
