package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;
import kiln.passes.loop.RemoveDeadLoops;

/**
 * A schedule for any kernel from what analysis sees in it, without knowing which operator made it. For each
 * loop nest of the kernel:
 * <ol>
 *   <li><b>Accumulations</b> (the outer loops' body has reduction loops storing to a target they do not
 *       move): the innermost independent loop j that the result is unit-stride in becomes the vector axis
 *       (split by lanes), another independent loop i with reuse (most reads not depending on it) is split by
 *       {@value #TILE_ROWS}; the tile loops go innermost (lanes, then rows), the accumulator becomes a
 *       lanes × {@value #TILE_ROWS} register tile ({@link TileAccumulator}) with the reduction outside it, the
 *       row loop unrolled and the lane loop vectorized: one vector loop updating every row's accumulator from
 *       one vector of the unit-stride operand and a broadcast of the other.</li>
 *   <li><b>Elementwise nests</b> (no inner loops): inner loops contiguous in every access are fused until
 *       the vector axis is long enough, which is then split by lanes and vectorized.</li>
 *   <li>Any other innermost loop whose iterations are independent and whose stores are unit-stride is
 *       split by lanes and vectorized.</li>
 *   <li>The outermost independent loop is made parallel, then fused with the independent loops inside it
 *       while it has fewer than {@value #MIN_PARALLEL} iterations.</li>
 * </ol>
 * Every step is checked by the primitive that applies it; a step that does not apply is skipped (a whole
 * tiling plan falls back as one). The result is the kernel and the schedule that made it, which applies to
 * {@link #prepare}d kernels, so it can be stored and replayed.
 */
public final class DefaultScheduler {
    /** Rows of the register tile: with 16 lanes, 4 vector accumulators. */
    public static final int TILE_ROWS = 4;
    /** Fewest iterations worth spreading over threads without fusing more loops in. */
    public static final int MIN_PARALLEL = 4;
    /** Vector axes shorter than this (at every width) are fused with contiguous outer loops first. */
    static final int SHORT_VECTOR = 64;

    private DefaultScheduler() {
    }

    /** A scheduled kernel and its schedule. */
    public record Scheduled(Kernel kernel, Schedule schedule) {
    }

    /**
     * The kernel the schedule applies to: simplified, loops of one iteration removed, and each guard that is a
     * conjunction nested as one guard per term, so that a reorder can keep every term above the loops it does
     * not depend on (a convolution's row padding stays outside the loop over input channels). A nested guard
     * evaluates its inner terms only where the outer ones hold, as the conjunction does.
     */
    public static Kernel prepare(Kernel k) {
        return Simplify.kernel(splitGuards(RemoveDeadLoops.INSTANCE.run(Simplify.kernel(k))));
    }

    private static Kernel splitGuards(Kernel k) {
        return new kiln.ir.loop.Mutator() {
            @Override
            protected Stmt visit(Stmt.If s) {
                Stmt.If m = (Stmt.If) super.visit(s);
                if (m.cond() instanceof Expr.Bin b && b.op() == kiln.ir.loop.BinOp.AND && Band.isGuard(m)) {
                    return visit(new Stmt.If(b.a(), new Stmt.If(b.b(), m.then(), m.otherwise()), m.otherwise()));
                }
                return m;
            }
        }.mutate(k);
    }

    /**
     * A schedule for this machine ({@link Target#host()}) that keeps the kernel's parameters: no weight is
     * packed, so the kernel runs on the same buffers.
     */
    public static Scheduled run(Kernel k) {
        return run(k, Target.host(), Set.of());
    }

    /**
     * A schedule for {@code target}. The parameters named in {@code packable} hold data fixed before the kernel
     * runs (weights): the schedule may read them in another layout through {@link Pack} steps, whose packers
     * the caller runs (see {@link ProgramScheduler}), and the scheduled kernel then takes the packed buffers.
     */
    public static Scheduled run(Kernel k, Target target, Set<String> packable) {
        Plan plan = new Plan(prepare(k));
        int n = 0;
        while (n < topLoops(plan.kernel).size()) {
            int before = topLoops(plan.kernel).size();
            Stmt.For top = topLoops(plan.kernel).get(n);
            Band band = Band.from(top);
            if (Uses.containsLoop(band.body()) && OuterProductTiling.apply(plan, n, target, packable)) {
                n += 1 + topLoops(plan.kernel).size() - before;
                continue;
            }
            if (Uses.containsLoop(band.body()) && DepthwiseTiling.apply(plan, n, target)) {
                n += 1 + topLoops(plan.kernel).size() - before;
                continue;
            }
            boolean tiled = false;
            if (Uses.containsLoop(band.body())) {
                tiled = tile(plan, band);
            } else {
                vectorizeElementwise(plan, band);
            }
            if (!tiled) {
                vectorizeInnermost(plan, topLoops(plan.kernel).get(n));
            }
            parallelize(plan, topLoops(plan.kernel).get(n));
            n++;
        }
        return new Scheduled(plan.kernel, new Schedule(plan.steps));
    }

    /** The kernel scheduled. */
    public static Kernel apply(Kernel k) {
        return run(k).kernel();
    }

    /** The kernel being scheduled and the steps so far; a step that does not apply leaves both as they were. */
    static final class Plan {
        Kernel kernel;
        final List<Step> steps = new ArrayList<>();

        Plan(Kernel k) {
            kernel = k;
        }

        boolean tryStep(Step s) {
            try {
                Kernel next = s.apply(kernel);
                LoopVerifier.verify(next);
                kernel = next;
                steps.add(s);
                return true;
            } catch (ScheduleException e) {
                return false;
            }
        }

        int mark() {
            return steps.size();
        }

        void rollback(int mark, Kernel before) {
            kernel = before;
            while (steps.size() > mark) {
                steps.removeLast();
            }
        }
    }

    static List<Stmt.For> topLoops(Kernel k) {
        List<Stmt.For> out = new ArrayList<>();
        for (LoopSites.Site s : LoopSites.all(k)) {
            if (s.enclosing().isEmpty()) {
                out.add(s.loop());
            }
        }
        return out;
    }

    // ---- accumulations ----------------------------------------------------------------------------

    private static boolean tile(Plan plan, Band band) {
        Stmt.For top = band.loops().getFirst();
        List<Dependence.Access> accesses = Dependence.accesses(top);
        Dependence.Access out = mainStore(accesses, band);
        if (out == null || !vectorizable(out.buffer().type())) {
            return false;
        }
        List<Stmt.For> independent = independent(plan.kernel, band);
        Poly outIndex = Poly.of(out.index());
        Stmt.For j = null;
        for (Stmt.For f : independent) {
            if (isConstant(Dependence.coefficient(outIndex, f.var()), 1)) {
                j = f;
            }
        }
        if (j == null || maxExtent(j) < 4 || !contiguousReads(accesses, j.var())) {
            return false;
        }
        Stmt.For i = null;
        int best = -1;
        for (Stmt.For f : independent) {
            if (f == j || !(f.extent() instanceof Expr.IntImm n) || n.value() < 2) {
                continue;
            }
            int reuse = 0;
            for (Dependence.Access a : accesses) {
                reuse += !a.write() && !Uses.mentions(a.index(), f.var()) ? 1 : 0;
            }
            if (reuse >= best) {
                best = reuse;
                i = f;
            }
        }
        Kernel before = plan.kernel;
        int mark = plan.mark();
        String[] js = split(plan, j.var().name(), new Expr.Lanes(out.buffer().type()));
        boolean ok = js != null;
        String ii = null;
        if (ok && i != null) {
            long rows = ((Expr.IntImm) i.extent()).value();
            if (rows > TILE_ROWS) {
                String[] is = split(plan, i.var().name(), new Expr.IntImm(ScalarType.I32, TILE_ROWS));
                ok = is != null;
                ii = ok ? is[1] : null;
            } else {
                ii = i.var().name();
            }
        }
        if (ok) {
            String ji = js[1];
            Band now = Band.from(topLoops(plan.kernel).get(topIndex(before, top)));
            List<String> order = new ArrayList<>();
            for (Stmt.For f : now.loops()) {
                String name = f.var().name();
                if (!name.equals(ii) && !name.equals(ji)) {
                    order.add(name);
                }
            }
            // The lane loop outside the row loop: once rows are unrolled, one vector loop holds every row's update.
            String at = order.getLast();
            order.add(ji);
            if (ii != null) {
                order.add(ii);
            }
            List<String> current = now.loops().stream().map(f -> f.var().name()).toList();
            ok = order.equals(current) || plan.tryStep(new Reorder(order));
            // Vectorized first, so that the tile is laid out with the lanes varying fastest.
            ok = ok && plan.tryStep(new Vectorize(ji));
            ok = ok && plan.tryStep(new TileAccumulator(at));
            ok = ok && (ii == null || plan.tryStep(new Unroll(ii)));
        }
        if (!ok) {
            plan.rollback(mark, before);
        }
        return ok;
    }

    /** The first store to a global buffer in the band's body whose index moves with the band's loops. */
    private static Dependence.Access mainStore(List<Dependence.Access> accesses, Band band) {
        for (Dependence.Access a : accesses) {
            if (a.write() && a.buffer().scope() == Buffer.Scope.GLOBAL) {
                for (Stmt.For f : band.loops()) {
                    if (Uses.mentions(a.index(), f.var())) {
                        return a;
                    }
                }
            }
        }
        return null;
    }

    /** Every read moves by at most two elements per step of v (unit stride, stride two, or not at all). */
    private static boolean contiguousReads(List<Dependence.Access> accesses, Expr.Var v) {
        for (Dependence.Access a : accesses) {
            if (a.write() || a.buffer().scope() != Buffer.Scope.GLOBAL) {
                continue;
            }
            Poly c = Dependence.coefficient(Poly.of(a.index()), v);
            if (c == null || !c.isConstant() || c.constant() < 0 || c.constant() > 2) {
                return false;
            }
        }
        return true;
    }

    // ---- elementwise and other innermost loops -----------------------------------------------------

    private static void vectorizeElementwise(Plan plan, Band band) {
        List<Stmt.For> loops = band.loops();
        Stmt.For j = loops.getLast();
        List<Dependence.Access> accesses = Dependence.accesses(loops.getFirst());
        if (!unitStrideStores(accesses, j.var()) || Dependence.carried(j, site(plan.kernel, j).facts()) != null) {
            return;
        }
        // Fuse contiguous loops into the vector axis while it is short.
        String jName = j.var().name();
        for (int k = loops.size() - 2; k >= 0 && maxExtent(LoopSites.unique(plan.kernel, jName).loop()) < SHORT_VECTOR; k--) {
            Stmt.For outer = LoopSites.unique(plan.kernel, loops.get(k).var().name()).loop();
            Stmt.For inner = LoopSites.unique(plan.kernel, jName).loop();
            if (outer.body() != inner || !contiguousAcross(Dependence.accesses(outer), outer, inner)
                    || Dependence.carried(outer, site(plan.kernel, outer).facts()) != null) {
                break;
            }
            String fused = fuse(plan, outer.var().name(), jName);
            if (fused == null) {
                break;
            }
            jName = fused;
        }
        splitAndVectorize(plan, LoopSites.unique(plan.kernel, jName).loop());
    }

    /** Within every access, outer's stride is inner's times inner's extent (or both are zero). */
    private static boolean contiguousAcross(List<Dependence.Access> accesses, Stmt.For outer, Stmt.For inner) {
        if (!(inner.extent() instanceof Expr.IntImm n)) {
            return false;
        }
        for (Dependence.Access a : accesses) {
            Poly p = Poly.of(a.index());
            Poly co = Dependence.coefficient(p, outer.var());
            Poly ci = Dependence.coefficient(p, inner.var());
            if (co == null || ci == null || !co.isConstant() || !ci.isConstant()) {
                return false;
            }
            if (co.constant() != ci.constant() * n.value() || (a.write() && ci.constant() == 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean unitStrideStores(List<Dependence.Access> accesses, Expr.Var v) {
        boolean any = false;
        for (Dependence.Access a : accesses) {
            if (a.write()) {
                if (!isConstant(Dependence.coefficient(Poly.of(a.index()), v), 1) || !vectorizable(a.buffer().type())) {
                    return false;
                }
                any = true;
            }
        }
        return any && contiguousReads(accesses, v);
    }

    /** Vectorizes innermost independent unit-stride loops of the nest that nothing has scheduled yet. */
    private static void vectorizeInnermost(Plan plan, Stmt.For top) {
        List<String> candidates = new ArrayList<>();
        for (LoopSites.Site s : LoopSites.all(new Kernel("nest", List.of(), top))) {
            Stmt.For f = s.loop();
            boolean inVector = s.enclosing().stream().anyMatch(e -> e.kind() == LoopKind.VECTORIZED);
            if (f.kind() == LoopKind.SERIAL && !inVector && !Uses.containsLoop(f.body())) {
                candidates.add(f.var().name());
            }
        }
        for (String name : candidates) {
            List<LoopSites.Site> sites = LoopSites.all(plan.kernel, name);
            if (sites.size() != 1) {
                continue;
            }
            Stmt.For f = sites.getFirst().loop();
            if (unitStrideStores(Dependence.accesses(f), f.var())
                    && Dependence.carried(f, sites.getFirst().facts()) == null) {
                splitAndVectorize(plan, f);
            }
        }
    }

    private static void splitAndVectorize(Plan plan, Stmt.For j) {
        if (maxExtent(j) < 4) {
            return;
        }
        ScalarType t = Uses.written(j.body()).iterator().next().type();
        Kernel before = plan.kernel;
        int mark = plan.mark();
        String[] js = split(plan, j.var().name(), new Expr.Lanes(t));
        if (js == null || !plan.tryStep(new Vectorize(js[1]))) {
            plan.rollback(mark, before);
        }
    }

    // ---- parallel ---------------------------------------------------------------------------------

    static void parallelize(Plan plan, Stmt.For top) {
        for (Stmt.For f : Band.from(top).loops()) {
            if (f.kind() != LoopKind.SERIAL) {
                return;
            }
            if (Dependence.carried(f, site(plan.kernel, f).facts()) != null) {
                continue;
            }
            String name = f.var().name();
            if (maxExtent(f) < 2 && !(f.body() instanceof Stmt.For) || !plan.tryStep(new Parallel(name))) {
                return;
            }
            // Fusing keeps the loop parallel when the inner loop is independent too.
            while (maxExtent(LoopSites.unique(plan.kernel, name).loop()) < MIN_PARALLEL) {
                Stmt.For loop = LoopSites.unique(plan.kernel, name).loop();
                if (!(loop.body() instanceof Stmt.For inner) || inner.kind() != LoopKind.SERIAL
                        || Dependence.carried(inner, site(plan.kernel, inner).facts()) != null) {
                    break;
                }
                String fused = fuse(plan, name, inner.var().name());
                if (fused == null) {
                    break;
                }
                name = fused;
            }
            return;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static List<Stmt.For> independent(Kernel k, Band band) {
        List<Stmt.For> out = new ArrayList<>();
        for (Stmt.For f : band.loops()) {
            if (Dependence.carried(f, site(k, f).facts()) == null) {
                out.add(f);
            }
        }
        return out;
    }

    static LoopSites.Site site(Kernel k, Stmt.For f) {
        for (LoopSites.Site s : LoopSites.all(k, f.var().name())) {
            if (s.loop() == f) {
                return s;
            }
        }
        return LoopSites.unique(k, f.var().name());
    }

    private static int topIndex(Kernel k, Stmt.For top) {
        return topLoops(k).indexOf(top);
    }

    static long maxExtent(Stmt.For f) {
        Interval r = Bounds.range(f.extent(), kiln.ir.loop.Facts.EMPTY);
        return r.isEmpty() ? 0 : r.hi();
    }

    private static boolean isConstant(Poly p, long v) {
        return p != null && p.isConstant() && p.constant() == v;
    }

    private static boolean vectorizable(ScalarType t) {
        return t == ScalarType.F32 || t == ScalarType.F64 || t == ScalarType.I32 || t == ScalarType.I64;
    }

    /** A name not yet used in the kernel being scheduled. */
    static String fresh(Plan plan, String base, String... alsoTaken) {
        Set<String> names = new java.util.HashSet<>(Uses.names(plan.kernel));
        names.addAll(List.of(alsoTaken));
        return Uses.fresh(base, names);
    }

    /** Splits {@code loop}, naming the new loops; returns {outer, inner} or null when the split does not apply. */
    static String[] split(Plan plan, String loop, Expr factor) {
        String outer = fresh(plan, loop + "o");
        String inner = fresh(plan, loop + "i", outer);
        return plan.tryStep(new Split(loop, factor, outer, inner)) ? new String[] {outer, inner} : null;
    }

    /** Fuses two loops; returns the fused loop's name or null. */
    static String fuse(Plan plan, String outer, String inner) {
        String name = fresh(plan, outer + "_" + inner);
        return plan.tryStep(new Fuse(outer, inner, name)) ? name : null;
    }
}
