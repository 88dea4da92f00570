package kiln.ir.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * A rewrite of Loop IR, node by node, bottom-up. Each {@code visit} rebuilds its node from its mutated
 * children and returns the node itself when no child changed, so a rewrite that changes nothing returns
 * the very instance it was given and callers can test for change with {@code ==}. Subclasses override the
 * {@code visit} methods of the nodes they rewrite; an instance may carry per-run state, so make a new one
 * for each run.
 */
public abstract class Mutator {

    public Expr mutate(Expr e) {
        return switch (e) {
            case Expr.IntImm n -> visit(n);
            case Expr.FloatImm n -> visit(n);
            case Expr.Var n -> visit(n);
            case Expr.Lanes n -> visit(n);
            case Expr.Load n -> visit(n);
            case Expr.Bin n -> visit(n);
            case Expr.Un n -> visit(n);
            case Expr.Fma n -> visit(n);
            case Expr.Select n -> visit(n);
            case Expr.Convert n -> visit(n);
        };
    }

    public Stmt mutate(Stmt s) {
        return switch (s) {
            case Stmt.For n -> visit(n);
            case Stmt.Store n -> visit(n);
            case Stmt.Seq n -> visit(n);
            case Stmt.If n -> visit(n);
            case Stmt.Let n -> visit(n);
            case Stmt.Allocate n -> visit(n);
        };
    }

    /** The kernel with its body mutated; the same instance when the body is unchanged. */
    public Kernel mutate(Kernel k) {
        Stmt body = mutate(k.body());
        return body == k.body() ? k : new Kernel(k.name(), k.params(), body);
    }

    protected Expr visit(Expr.IntImm e) {
        return e;
    }

    protected Expr visit(Expr.FloatImm e) {
        return e;
    }

    protected Expr visit(Expr.Var e) {
        return e;
    }

    protected Expr visit(Expr.Lanes e) {
        return e;
    }

    protected Expr visit(Expr.Load e) {
        Expr index = mutate(e.index());
        return index == e.index() ? e : new Expr.Load(e.buffer(), index);
    }

    protected Expr visit(Expr.Bin e) {
        Expr a = mutate(e.a());
        Expr b = mutate(e.b());
        return a == e.a() && b == e.b() ? e : new Expr.Bin(e.op(), a, b);
    }

    protected Expr visit(Expr.Un e) {
        Expr a = mutate(e.a());
        return a == e.a() ? e : new Expr.Un(e.op(), a);
    }

    protected Expr visit(Expr.Fma e) {
        Expr a = mutate(e.a());
        Expr b = mutate(e.b());
        Expr c = mutate(e.c());
        return a == e.a() && b == e.b() && c == e.c() ? e : new Expr.Fma(a, b, c);
    }

    protected Expr visit(Expr.Select e) {
        Expr c = mutate(e.cond());
        Expr a = mutate(e.a());
        Expr b = mutate(e.b());
        return c == e.cond() && a == e.a() && b == e.b() ? e : new Expr.Select(c, a, b);
    }

    protected Expr visit(Expr.Convert e) {
        Expr a = mutate(e.a());
        return a == e.a() ? e : new Expr.Convert(e.type(), a);
    }

    protected Stmt visit(Stmt.For s) {
        Expr extent = mutate(s.extent());
        Stmt body = mutate(s.body());
        return extent == s.extent() && body == s.body() ? s : new Stmt.For(s.var(), extent, s.kind(), body);
    }

    protected Stmt visit(Stmt.Store s) {
        Expr index = mutate(s.index());
        Expr value = mutate(s.value());
        return index == s.index() && value == s.value() ? s : new Stmt.Store(s.buffer(), index, value);
    }

    protected Stmt visit(Stmt.Seq s) {
        List<Stmt> out = mutateAll(s.stmts());
        return out == s.stmts() ? s : new Stmt.Seq(out);
    }

    protected Stmt visit(Stmt.If s) {
        Expr cond = mutate(s.cond());
        Stmt then = mutate(s.then());
        Stmt otherwise = mutate(s.otherwise());
        return cond == s.cond() && then == s.then() && otherwise == s.otherwise() ? s
                : new Stmt.If(cond, then, otherwise);
    }

    protected Stmt visit(Stmt.Let s) {
        Expr value = mutate(s.value());
        Stmt body = mutate(s.body());
        return value == s.value() && body == s.body() ? s : new Stmt.Let(s.var(), value, body);
    }

    protected Stmt visit(Stmt.Allocate s) {
        Stmt body = mutate(s.body());
        return body == s.body() ? s : new Stmt.Allocate(s.buffer(), body);
    }

    /** Mutates each statement; returns {@code stmts} itself when none changed. */
    protected final List<Stmt> mutateAll(List<Stmt> stmts) {
        List<Stmt> out = null;
        for (int i = 0; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            Stmt m = mutate(s);
            if (m != s && out == null) {
                out = new ArrayList<>(stmts.subList(0, i));
            }
            if (out != null) {
                out.add(m);
            }
        }
        return out == null ? stmts : out;
    }
}
