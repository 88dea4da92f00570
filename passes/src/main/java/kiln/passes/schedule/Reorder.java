package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;

/**
 * {@code reorder(a, b, c)}: the named loops of one perfectly nested band take the positions they held,
 * in the order given (outermost first); loops of the band not named keep their places, and guards and
 * lets move to just inside the loops they depend on. Legal when every dependence keeps its direction: the
 * loops that may carry a dependence (see {@link Dependence}) keep their relative order, so a reduction
 * loop can move across the independent loops around it but two reduction loops cannot swap.
 *
 * <pre>
 * for i { for j { for k { C[i*n + j] = C[i*n + j] + A[i*m + k]*B[k*n + j] } } }   --reorder(k, i, j)--&gt;
 * for k { for i { for j { ... } } }
 * </pre>
 */
public record Reorder(List<String> loops) implements Step {

    public Reorder {
        loops = List.copyOf(loops);
        if (loops.size() < 2 || Set.copyOf(loops).size() != loops.size()) {
            throw new ScheduleException("reorder needs two or more different loops, not " + loops);
        }
    }

    public static Reorder of(String... loops) {
        return new Reorder(List.of(loops));
    }

    @Override
    public Kernel apply(Kernel k) {
        Permutation p = Permutation.of(k, loops, text());
        for (Set<Expr.Var> carriers : Dependence.carriers(p.top().loop(), p.old(), p.top().facts())) {
            if (!relativeOrder(p.old(), carriers).equals(relativeOrder(p.order(), carriers))) {
                throw new ScheduleException(text() + " in kernel " + k.name() + ": loops "
                        + relativeOrder(p.old(), carriers) + " may carry a dependence and cannot change their order");
            }
        }
        return p.apply(k);
    }

    /**
     * The perfect nest that holds the named loops, from the outermost of them to the innermost, and the order
     * of its loops with the named ones put in the given order (the others stay where they are).
     */
    record Permutation(LoopSites.Site top, Band band, List<Stmt.For> old, List<Stmt.For> order) {
        static Permutation of(Kernel k, List<String> loops, String step) {
            List<LoopSites.Site> sites = new ArrayList<>();
            for (String name : loops) {
                sites.add(LoopSites.unique(k, name));
            }
            LoopSites.Site top = sites.stream().min((a, b) -> a.enclosing().size() - b.enclosing().size()).orElseThrow();
            LoopSites.Site bottom = sites.stream().max((a, b) -> a.enclosing().size() - b.enclosing().size()).orElseThrow();
            Band band = Band.from(top.loop(), bottom.loop().var().name());
            List<Stmt.For> old = band.loops();
            Map<String, Stmt.For> byName = new HashMap<>();
            old.forEach(f -> byName.put(f.var().name(), f));
            for (String name : loops) {
                if (!byName.containsKey(name)) {
                    throw new ScheduleException(step + " in kernel " + k.name() + ": loop " + name
                            + " is not in the perfect nest of " + top.loop().var().name());
                }
            }
            List<Stmt.For> order = new ArrayList<>();
            int next = 0;
            for (Stmt.For f : old) {
                order.add(loops.contains(f.var().name()) ? byName.get(loops.get(next++)) : f);
            }
            return new Permutation(top, band, old, order);
        }

        /** The kernel with the nest rebuilt in the new order and simplified. */
        Kernel apply(Kernel k) {
            Stmt rebuilt = Simplify.stmt(band.rebuild(order, band.body()), top.facts());
            return LoopSites.replace(k, top.loop(), rebuilt);
        }
    }

    private static List<String> relativeOrder(List<Stmt.For> loops, Set<Expr.Var> subset) {
        List<String> out = new ArrayList<>();
        for (Stmt.For f : loops) {
            if (subset.contains(f.var())) {
                out.add(f.var().name());
            }
        }
        return out;
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder("reorder(");
        for (int i = 0; i < loops.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(LoopPrinter.name(loops.get(i)));
        }
        return sb.append(')').toString();
    }
}
