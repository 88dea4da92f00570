package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * A perfectly nested band of loops, possibly with guards ({@code if}s without {@code else}) and lets
 * between them, down to a body: the unit that reorder, tiling and fusion rearrange. Rebuilding a band in
 * another loop order places each guard and let just inside the innermost loop it depends on, which keeps
 * them as high as possible (a guard on outer variables does not move into inner loops).
 */
record Band(List<Stmt> levels, Stmt body) {

    /** The band from {@code top} down as far as the nest is perfect, or down to the loop named {@code last}. */
    static Band from(Stmt top, String last) {
        List<Stmt> levels = new ArrayList<>();
        Stmt s = top;
        while (true) {
            switch (s) {
                case Stmt.For f -> {
                    levels.add(f);
                    if (f.var().name().equals(last)) {
                        return new Band(levels, f.body());
                    }
                    s = f.body();
                }
                case Stmt.If i when isGuard(i) -> {
                    levels.add(i);
                    s = i.then();
                }
                case Stmt.Let l -> {
                    levels.add(l);
                    s = l.body();
                }
                default -> {
                    if (last != null) {
                        throw new ScheduleException("loop " + last + " is not perfectly nested below "
                                + ((Stmt.For) levels.getFirst()).var().name());
                    }
                    return new Band(levels, s);
                }
            }
        }
    }

    /** The band from {@code top} down as far as the nest is perfect. */
    static Band from(Stmt top) {
        return from(top, null);
    }

    /** The band from {@code top} down as far as the nest is perfect and its loops satisfy {@code include}. */
    static Band whileLoops(Stmt top, java.util.function.Predicate<Stmt.For> include) {
        List<Stmt> levels = new ArrayList<>();
        Stmt s = top;
        while (true) {
            switch (s) {
                case Stmt.For f when include.test(f) -> {
                    levels.add(f);
                    s = f.body();
                }
                case Stmt.If i when isGuard(i) -> {
                    levels.add(i);
                    s = i.then();
                }
                case Stmt.Let l -> {
                    levels.add(l);
                    s = l.body();
                }
                default -> {
                    return new Band(levels, s);
                }
            }
        }
    }

    static boolean isGuard(Stmt.If i) {
        return i.otherwise() instanceof Stmt.Seq q && q.stmts().isEmpty();
    }

    List<Stmt.For> loops() {
        List<Stmt.For> out = new ArrayList<>();
        for (Stmt s : levels) {
            if (s instanceof Stmt.For f) {
                out.add(f);
            }
        }
        return out;
    }

    /** The guards and lets, outermost first. */
    List<Stmt> wrappers() {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : levels) {
            if (!(s instanceof Stmt.For)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The variables the band binds: its loop and let variables. */
    Set<Expr.Var> bound() {
        Set<Expr.Var> out = new HashSet<>();
        for (Stmt s : levels) {
            switch (s) {
                case Stmt.For f -> out.add(f.var());
                case Stmt.Let l -> out.add(l.var());
                default -> {
                }
            }
        }
        return out;
    }

    /** This band's levels with the loops in {@code order} and the wrappers placed by what they use. */
    Stmt rebuild(List<Stmt.For> order, Stmt newBody) {
        return build(order, wrappers(), bound(), newBody);
    }

    /**
     * Nests {@code loops} (outermost first) around {@code body}, placing each wrapper (guard or let) just
     * inside the loops binding the variables of {@code scope} it uses, in their original relative order. A
     * let stays below the guards that were above it (its value may read what the guard protects).
     */
    static Stmt build(List<Stmt.For> loops, List<Stmt> wrappers, Set<Expr.Var> scope, Stmt body) {
        List<Stmt> placed = new ArrayList<>();
        Set<Expr.Var> available = new HashSet<>();
        boolean[] done = new boolean[wrappers.size()];
        emitReady(wrappers, done, scope, available, placed);
        for (Stmt.For f : loops) {
            for (Expr.Var v : Uses.vars(f.extent())) {
                if (scope.contains(v) && !available.contains(v)) {
                    throw new ScheduleException("the extent of loop " + f.var().name() + " depends on " + v.name()
                            + ", which would no longer be bound outside it");
                }
            }
            placed.add(f);
            available.add(f.var());
            emitReady(wrappers, done, scope, available, placed);
        }
        for (int i = 0; i < done.length; i++) {
            if (!done[i]) {
                throw new ScheduleException("cannot place " + kiln.ir.loop.LoopPrinter.print(wrappers.get(i)).lines()
                        .findFirst().orElse("") + " in the new loop order");
            }
        }
        Stmt s = body;
        for (int i = placed.size() - 1; i >= 0; i--) {
            s = switch (placed.get(i)) {
                case Stmt.For f -> new Stmt.For(f.var(), f.extent(), f.kind(), s);
                case Stmt.If g -> new Stmt.If(g.cond(), s, g.otherwise());
                case Stmt.Let l -> new Stmt.Let(l.var(), l.value(), s);
                default -> throw new IllegalStateException();
            };
        }
        return s;
    }

    private static void emitReady(List<Stmt> wrappers, boolean[] done, Set<Expr.Var> scope, Set<Expr.Var> available,
            List<Stmt> placed) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < wrappers.size(); i++) {
                if (done[i] || !ready(wrappers, done, i, scope, available)) {
                    continue;
                }
                done[i] = true;
                placed.add(wrappers.get(i));
                if (wrappers.get(i) instanceof Stmt.Let l) {
                    available.add(l.var());
                }
                progress = true;
            }
        }
    }

    private static boolean ready(List<Stmt> wrappers, boolean[] done, int i, Set<Expr.Var> scope,
            Set<Expr.Var> available) {
        Stmt w = wrappers.get(i);
        Expr e = w instanceof Stmt.Let l ? l.value() : ((Stmt.If) w).cond();
        for (Expr.Var v : Uses.vars(e)) {
            if (scope.contains(v) && !available.contains(v)) {
                return false;
            }
        }
        if (w instanceof Stmt.Let) {
            for (int j = 0; j < i; j++) {
                if (!done[j] && wrappers.get(j) instanceof Stmt.If) {
                    return false;
                }
            }
        }
        return true;
    }
}
