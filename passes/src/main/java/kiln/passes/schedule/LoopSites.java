package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;
import kiln.ir.loop.Uses;

/**
 * Finds loops by the name of their variable, with what is known where they stand, and replaces them.
 * Schedules address loops by name; a name that is missing or names several loops is an error, except for
 * the primitives that only change a loop's kind, which apply to every loop of that name (a tiled band
 * appears once per phase of the tile).
 */
final class LoopSites {
    private LoopSites() {
    }

    /** A loop and the facts (enclosing loops, lets, guards) that hold where it stands. */
    record Site(Stmt.For loop, Facts facts, List<Stmt.For> enclosing) {
    }

    static List<Site> all(Kernel k, String name) {
        List<Site> out = new ArrayList<>();
        walk(k.body(), Facts.EMPTY, new ArrayList<>(), name, out);
        return out;
    }

    /** Every loop of the kernel, outermost first in program order. */
    static List<Site> all(Kernel k) {
        List<Site> out = new ArrayList<>();
        walk(k.body(), Facts.EMPTY, new ArrayList<>(), null, out);
        return out;
    }

    static Site unique(Kernel k, String name) {
        List<Site> found = all(k, name);
        if (found.isEmpty()) {
            throw new ScheduleException("kernel " + k.name() + " has no loop named " + name + "; its loops are "
                    + all(k).stream().map(s -> s.loop().var().name()).distinct().toList());
        }
        if (found.size() > 1) {
            throw new ScheduleException("kernel " + k.name() + " has " + found.size() + " loops named " + name);
        }
        return found.getFirst();
    }

    static List<Site> some(Kernel k, String name) {
        List<Site> found = all(k, name);
        if (found.isEmpty()) {
            unique(k, name);
        }
        return found;
    }

    private static void walk(Stmt s, Facts f, List<Stmt.For> enclosing, String name, List<Site> out) {
        switch (s) {
            case Stmt.For l -> {
                if (name == null || l.var().name().equals(name)) {
                    out.add(new Site(l, f, List.copyOf(enclosing)));
                }
                enclosing.add(l);
                walk(l.body(), f.withLoop(l.var(), l.extent()), enclosing, name, out);
                enclosing.removeLast();
            }
            case Stmt.Seq q -> q.stmts().forEach(c -> walk(c, f, enclosing, name, out));
            case Stmt.If i -> {
                walk(i.then(), f.withCondition(i.cond()), enclosing, name, out);
                walk(i.otherwise(), f.withCondition(Simplify.expr(new Expr.Un(UnOp.NOT, i.cond()), f)), enclosing, name, out);
            }
            case Stmt.Let l -> walk(l.body(), f.withLet(l.var(), l.value()), enclosing, name, out);
            case Stmt.Allocate a -> walk(a.body(), f, enclosing, name, out);
            case Stmt.Store st -> {
            }
        }
    }

    /** The kernel with the loop {@code target} (by identity) replaced by what {@code rewrite} makes of it. */
    static Kernel replace(Kernel k, Stmt.For target, Function<Stmt.For, Stmt> rewrite) {
        boolean[] found = {false};
        Kernel out = new Mutator() {
            @Override
            protected Stmt visit(Stmt.For s) {
                if (s == target) {
                    found[0] = true;
                    return rewrite.apply(s);
                }
                return super.visit(s);
            }
        }.mutate(k);
        if (!found[0]) {
            throw new IllegalStateException("loop " + target.var().name() + " not found by identity");
        }
        return out;
    }

    /** Replaces one loop by a statement. */
    static Kernel replace(Kernel k, Stmt.For target, Stmt replacement) {
        return replace(k, target, l -> replacement);
    }

    /** The global buffer {@code name} read inside {@code at} and written nowhere in {@code k}, or null. */
    static Buffer readOnlyInput(Kernel k, Stmt.For at, String name) {
        for (Buffer b : Uses.read(at.body())) {
            if (b.name().equals(name)) {
                return b.scope() == Buffer.Scope.GLOBAL && !Uses.written(k.body()).contains(b) ? b : null;
            }
        }
        return null;
    }

    /** Names not used in {@code k}, one per base, in order (each base gets a suffix when taken). */
    static List<String> freshNames(Kernel k, List<String> bases) {
        Set<String> taken = new HashSet<>(Uses.names(k));
        List<String> names = new ArrayList<>();
        for (String base : bases) {
            String n = Uses.fresh(base, taken);
            taken.add(n);
            names.add(n);
        }
        return names;
    }
}
