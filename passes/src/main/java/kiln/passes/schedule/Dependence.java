package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Interval;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Poly;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.UnOp;

/**
 * Which loops may carry a dependence: whether two accesses to the same element can come from iterations
 * that differ in a given loop. The test is on affine indices, with interval analysis: if a write's index is
 * {@code c·v + s} and another access's is {@code c·v' + a} (the other variables of the region renamed, so
 * they range independently), the two meet only if {@code c·(v - v') = a - s}; when {@code |a - s| < |c|}
 * over every value the loop bounds and guards allow, they never meet for {@code v ≠ v'}. Anything the
 * test cannot see through (a non-affine index, a coefficient that differs) counts as a dependence.
 * Buffers allocated inside the region are private to an iteration and never carry one.
 */
final class Dependence {
    private Dependence() {
    }

    /** One load or store within a region, with the loops and guards around it inside the region. */
    record Access(Buffer buffer, Expr index, boolean write, List<Stmt> context) {
    }

    /**
     * The accesses within {@code region}, lets substituted into indices. Accesses to buffers allocated
     * inside the region are left out.
     */
    static List<Access> accesses(Stmt region) {
        List<Access> out = new ArrayList<>();
        collect(region, new ArrayList<>(), new HashMap<>(), new HashSet<>(), out);
        return out;
    }

    private static void collect(Stmt s, List<Stmt> context, Map<Expr.Var, Expr> lets, Set<Buffer> local,
            List<Access> out) {
        switch (s) {
            case Stmt.For f -> {
                context.add(f);
                collect(f.body(), context, lets, local, out);
                context.removeLast();
            }
            case Stmt.Store st -> {
                exprAccesses(st.index(), context, lets, local, out);
                exprAccesses(st.value(), context, lets, local, out);
                if (!local.contains(st.buffer())) {
                    out.add(new Access(st.buffer(), Substitute.in(st.index(), lets), true, List.copyOf(context)));
                }
            }
            case Stmt.Seq q -> q.stmts().forEach(c -> collect(c, context, lets, local, out));
            case Stmt.If i -> {
                exprAccesses(i.cond(), context, lets, local, out);
                Expr cond = Substitute.in(i.cond(), lets);
                context.add(new Stmt.If(cond, i.then(), i.otherwise()));
                collect(i.then(), context, lets, local, out);
                context.removeLast();
                context.add(new Stmt.If(new Expr.Un(UnOp.NOT, cond), i.otherwise(), i.then()));
                collect(i.otherwise(), context, lets, local, out);
                context.removeLast();
            }
            case Stmt.Let l -> {
                exprAccesses(l.value(), context, lets, local, out);
                Map<Expr.Var, Expr> inner = new HashMap<>(lets);
                inner.put(l.var(), Substitute.in(l.value(), lets));
                collect(l.body(), context, inner, local, out);
            }
            case Stmt.Allocate a -> {
                Set<Buffer> inner = new HashSet<>(local);
                inner.add(a.buffer());
                collect(a.body(), context, lets, inner, out);
            }
        }
    }

    private static void exprAccesses(Expr e, List<Stmt> context, Map<Expr.Var, Expr> lets, Set<Buffer> local,
            List<Access> out) {
        kiln.ir.loop.Uses.forEachExpr(e, n -> {
            if (n instanceof Expr.Load l && !local.contains(l.buffer())) {
                out.add(new Access(l.buffer(), Substitute.in(l.index(), lets), false, List.copyOf(context)));
            }
        });
    }

    /**
     * Null when iterations of {@code loop} (standing where {@code outer} holds) touch no element that
     * another iteration writes; otherwise a description of a pair of accesses that may conflict.
     */
    static String carried(Stmt.For loop, Facts outer) {
        List<Access> all = accesses(loop);
        for (Access w : all) {
            if (!w.write()) {
                continue;
            }
            for (Access a : all) {
                if (a.buffer().equals(w.buffer()) && !equalOnCollision(w, a, outer).contains(loop.var())) {
                    return LoopPrinter.print(new Expr.Load(w.buffer(), w.index())) + " written in one iteration of "
                            + loop.var().name() + " may be " + (a.write() ? "written" : "read") + " as "
                            + LoopPrinter.print(new Expr.Load(a.buffer(), a.index())) + " in another";
                }
            }
        }
        return null;
    }

    /**
     * For each pair of conflicting accesses in {@code region}, the loops of {@code loops} (which enclose
     * the whole region) that might differ between them: each set holds a dependence's possible carriers.
     */
    static List<Set<Expr.Var>> carriers(Stmt region, List<Stmt.For> loops, Facts outer) {
        List<Access> all = accesses(region);
        List<Set<Expr.Var>> out = new ArrayList<>();
        for (Access w : all) {
            if (!w.write()) {
                continue;
            }
            for (Access a : all) {
                if (!a.buffer().equals(w.buffer())) {
                    continue;
                }
                Set<Expr.Var> equal = equalOnCollision(w, a, outer);
                Set<Expr.Var> may = new LinkedHashSet<>();
                for (Stmt.For f : loops) {
                    if (!equal.contains(f.var())) {
                        may.add(f.var());
                    }
                }
                if (!may.isEmpty() && !out.contains(may)) {
                    out.add(may);
                }
            }
        }
        return out;
    }

    /**
     * The loops around both accesses whose values must be the same whenever {@code w} and {@code a} touch the
     * same element. Found greedily: a loop joins when, with the loops found so far equal on both sides and
     * all other variables ranging independently, a different value of it keeps the indices apart (so for a
     * row-major index every loop joins, largest stride first).
     */
    static Set<Expr.Var> equalOnCollision(Access w, Access a, Facts outer) {
        List<Stmt.For> common = new ArrayList<>();
        for (int i = 0; i < Math.min(w.context().size(), a.context().size()); i++) {
            if (w.context().get(i) != a.context().get(i)) {
                break;
            }
            if (w.context().get(i) instanceof Stmt.For f) {
                common.add(f);
            }
        }
        Set<Expr.Var> equal = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Stmt.For f : common) {
                if (!equal.contains(f.var()) && apartWhenDiffers(w, a, f.var(), equal, outer)) {
                    equal.add(f.var());
                    progress = true;
                }
            }
        }
        return equal;
    }

    /**
     * True when {@code w} and {@code a}, from points whose values of {@code v} differ and whose values of
     * the {@code equal} loops agree, never touch the same element. Other variables bound in their contexts
     * range independently on the two sides.
     */
    private static boolean apartWhenDiffers(Access w, Access a, Expr.Var v, Set<Expr.Var> equal, Facts outer) {
        Map<Expr.Var, Expr> rename = new HashMap<>();
        for (Stmt s : a.context()) {
            if (s instanceof Stmt.For f && !equal.contains(f.var())) {
                rename.put(f.var(), new Expr.Var(f.var().name() + "'", f.var().type()));
            }
        }
        Facts f = enter(outer, w.context(), Map.of(), Set.of());
        f = enter(f, a.context(), rename, equal);
        Poly s = Poly.of(w.index());
        Poly t = Poly.of(Substitute.in(a.index(), rename));
        Expr.Var vp = (Expr.Var) rename.get(v);
        Poly cs = coefficient(s, v);
        Poly ct = coefficient(t, vp);
        if (cs == null || ct == null || !cs.equals(ct)) {
            return false;
        }
        Poly d = t.sub(ct.mul(Poly.atom(vp))).sub(s.sub(cs.mul(Poly.atom(v))));
        for (int width = 0; width < Bounds.widths(); width++) {
            Interval ext = Bounds.range(v, f, width);
            if (ext.isEmpty() || ext.lo() == ext.hi()) {
                continue; // at most one iteration: nothing to conflict with
            }
            Interval c = Bounds.range(cs, f, width);
            if (!c.isPoint() || c.lo() == 0) {
                return false;
            }
            long m = Math.abs(c.lo());
            Interval dr = Bounds.range(d, f, width);
            if (!dr.isEmpty() && !(dr.lo() > -m && dr.hi() < m) && !digitsApart(d, m, ext, f, width)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The mixed-radix argument, for a difference {@code d} of the other terms that the plain test finds too wide:
     * split d into high terms, whose coefficients are multiples of some {@code g} with {@code g / m} larger than
     * any difference of v (whose coefficient is m), and low terms, whose range stays within {@code (-m, m)}. A
     * collision {@code m·(v - v') = d} then needs the low terms to cancel (they are less than m apart) and
     * {@code m·(v - v')} to be a multiple of g, which no {@code v ≠ v'} in range is. This is what proves the
     * rows of a channel-major output tile apart: {@code out[o·HW + y·W + x]} with o and y from different loops.
     */
    private static boolean digitsApart(Poly d, long m, Interval vRange, Facts f, int width) {
        long g = 0;
        Poly low = Poly.constant(d.type(), 0);
        for (var t : d.terms().entrySet()) {
            long c = Math.abs(t.getValue());
            boolean lanes = t.getKey().atoms().stream().anyMatch(x -> x instanceof Expr.Lanes);
            if (c >= m && !lanes) {
                g = gcd(g, c);
            } else {
                low = low.add(Poly.constant(d.type(), t.getValue()).mul(monomial(t.getKey())));
            }
        }
        if (g == 0 || g % m != 0 || g / m <= vRange.hi() - vRange.lo()) {
            return false;
        }
        // The constant's multiple of g joins the high terms (copies of a loop split at a point differ by one).
        long rem = Math.floorMod(d.constant(), g);
        low = low.add(rem > g / 2 ? rem - g : rem);
        Interval lr = Bounds.range(low, f, width);
        return lr.isEmpty() || lr.lo() > -m && lr.hi() < m;
    }

    private static Poly monomial(Poly.Monomial mono) {
        Poly p = null;
        for (Expr a : mono.atoms()) {
            p = p == null ? Poly.atom(a) : p.mul(Poly.atom(a));
        }
        return p;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Adds a context's loops (but those already equal) and guards, renamed. */
    private static Facts enter(Facts f, List<Stmt> context, Map<Expr.Var, Expr> rename, Set<Expr.Var> skip) {
        for (Stmt s : context) {
            switch (s) {
                case Stmt.For l -> {
                    if (!skip.contains(l.var())) {
                        Expr.Var bound = (Expr.Var) rename.getOrDefault(l.var(), l.var());
                        f = f.withLoop(bound, Substitute.in(l.extent(), rename));
                    }
                }
                case Stmt.If i -> f = f.withCondition(Substitute.in(i.cond(), rename));
                default -> {
                }
            }
        }
        return f;
    }

    /**
     * The coefficient of {@code v} as a polynomial in lanes alone, when every term mentioning v is v times
     * lanes and a constant; null when v appears any other way.
     */
    static Poly coefficient(Poly p, Expr.Var v) {
        Poly c = Poly.constant(p.type(), 0);
        for (var t : p.terms().entrySet()) {
            List<Expr> atoms = t.getKey().atoms();
            int uses = 0;
            boolean other = false;
            Poly rest = Poly.constant(p.type(), t.getValue());
            for (Expr x : atoms) {
                if (x.equals(v)) {
                    uses++;
                } else if (x instanceof Expr.Lanes) {
                    rest = rest.mul(Poly.atom(x));
                } else if (kiln.ir.loop.Uses.mentions(x, v)) {
                    return null;
                } else {
                    other = true;
                }
            }
            if (uses > 1 || (uses == 1 && other)) {
                return null;
            }
            if (uses == 1) {
                c = c.add(rest);
            }
        }
        return c;
    }
}
