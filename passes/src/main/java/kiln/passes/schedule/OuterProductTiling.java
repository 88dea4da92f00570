package kiln.passes.schedule;

import static kiln.passes.schedule.Accumulation.coefficient;
import static kiln.passes.schedule.Accumulation.extent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * The GEMM-style path: a register-blocked outer-product micro-kernel for any accumulation
 * {@code out[..] = f(Σ_r a[..]·b[..])} whose operands each stay fixed along one output loop — matrix products,
 * 1×1 and k×k convolutions (strided, dilated, grouped), linear layers — recognised from the loops and indices
 * alone.
 *
 * <p><b>Analysis.</b> The nest is a band of output loops around a one-element f32 accumulator, a band of
 * reduction loops, and {@code acc = fma(a[..], b[..], acc)}. The vector axis j is an output loop that moves b
 * but not a; the row axis i one that moves a but not b. Then one step of the reduction loads R scalars of a
 * (broadcast) and V vectors of b for R·V fused multiply-adds into R × V·lanes accumulators. Which operand is
 * packed at compile time ({@link Packing}):
 * <ul>
 *   <li>b, when it is a packable parameter (weights: a matrix product's right operand, or a convolution
 *       vectorized over output channels), into panels {@code [j / V·lanes][reduction…][V·lanes]}, so that each
 *       step reads V contiguous vectors;</li>
 *   <li>a, when it is a packable parameter and b is unit-stride along j (the input of an NCHW convolution along
 *       its pixels, with the weights broadcast, as GEMM with the weights on the left), into row tiles
 *       {@code [i / R][reduction…][R]}, so that the R broadcasts of a step are contiguous. Not where a guard
 *       depends on j (padding along the pixels would mask every vector load);</li>
 *   <li>neither, when b is unit-stride along j already (nothing may be packed).</li>
 * </ul>
 * Among the choices, a packed operand comes first, then the one whose output is unit-stride along j (whole
 * vector stores; a 1×1 convolution vectorized over output channels would store each accumulator as 8 scalars
 * at the stride of a channel plane), then b packed. For i, the loop with the smallest stride in a
 * (neighbouring broadcasts share a cache line).
 *
 * <p><b>Schedule.</b> With a packed, fuse j with the output loops around it while b and the output stay
 * unit-stride along the fused loop (a 1×1 convolution's rows of pixels become one axis, so panels do not stop
 * at row ends). Pack; reorder the reduction (a reassociation, see {@link ReorderReduction}) so that
 * loops appearing in guards (the padding of a convolution's taps) are outermost and the longest unguarded
 * loop (input channels) is the innermost, hot loop; split j by V·lanes and lanes, i by R; put the tile loops
 * innermost under the panel loop, the other output loops, and the row-tile loop; vectorize, register-tile
 * and unroll; split off the row tiles and panels that guards still apply to (borders in the padding, the
 * last partial tile), leaving a guard-free interior. With a packed, b's panel is copied into a dense local
 * buffer at each panel ({@link Stage}) when its rows along the reduction are far apart and the copy fits half
 * of L1: a 1×1 convolution's input channels lie 12 KiB apart at 56×56, so the 256 lines of a panel map to 16
 * L1 sets and miss on every row tile. Last, parallelize the outermost loops, fused until there are enough
 * iterations for every thread.
 *
 * <p><b>Tile shape</b> ({@link #tileShape}, {@link #packedBroadcastShape}). R·V accumulators, V loaded vectors
 * and the broadcasts must fit the vector registers; the broadcast rows' layout in a limits R (rows in one L1
 * set, rows straddling cache lines); partial row tiles and panels count against a shape. Measured with AVX2 on
 * a Zen 3 core (one thread, CPU time on a shared machine, against an FMA peak of 103 GFLOP/s):
 * <ul>
 *   <li>a 1×1 convolution (256 channels, 56×56), a packed and b staged, at 4×2: 84–90 GFLOP/s (6×2: 86 with
 *       the G1 collector, 39 with the parallel one; 4×2 without the staged copy: 49–53); b packed (output
 *       channels as vectors), as before: 58–61;</li>
 *   <li>a 3×3 convolution (64 channels, 56×56), b packed, at 5×2: 67–72 GFLOP/s (4×2: 63, 3×3: 50–58);</li>
 *   <li>a 3×3 stride-2 convolution (128 channels, 28×28 input) at 4×2: 61–64 GFLOP/s (5×2: 50);</li>
 *   <li>a 1024³ matrix product at 3×3: 83–88 GFLOP/s (4×2: 86–87, 5×2: 33).</li>
 * </ul>
 *
 * <p><b>Parallel loops.</b> The outermost loop of each copy, fused with the loops inside while it is short;
 * where the dependence test cannot show a panel loop's iterations independent (its full and partial row tiles
 * both split off), the row-tile loops inside it.
 */
final class OuterProductTiling {
    private OuterProductTiling() {
    }

    /** What the analysis of one nest found. */
    private record Found(Band band, Band reduction, Buffer acc, Expr.Load a, Expr.Load b, Stmt.For j, Stmt.For i,
            Packing pack, List<Stmt.For> reductionOrder, Expr.Load out) {
    }

    /** Which operand the schedule packs at compile time. */
    enum Packing {
        /** Neither: b is unit-stride along j already. */
        NONE,
        /** b, the vector operand, into panels {@code [j / V·lanes][reduction…][V·lanes]}. */
        VECTORS,
        /** a, the broadcast operand, into row tiles {@code [i / R][reduction…][R]}; b is unit-stride along j. */
        BROADCASTS
    }

    /** Schedules top loop {@code n} of the plan's kernel; false (and the plan unchanged) when it does not apply. */
    static boolean apply(DefaultScheduler.Plan plan, int n, Target target, Set<String> packable) {
        Stmt.For top = DefaultScheduler.topLoops(plan.kernel).get(n);
        Found f = analyse(plan.kernel, top, target, packable);
        if (f == null) {
            return false;
        }
        Kernel before = plan.kernel;
        int mark = plan.mark();
        if (f.pack == Packing.BROADCASTS) {
            f = fusePixels(plan, n, f, target, packable);
        }
        if (schedule(plan, n, f, target)) {
            return true;
        }
        plan.rollback(mark, before);
        return false;
    }

    /**
     * With b unit-stride along j: j fused with the loops around it while b and the output stay unit-stride
     * along the fused loop and a does not move (a 1×1 convolution's rows of pixels become one axis of all its
     * pixels, so that vector panels need not stop at the end of a row).
     */
    private static Found fusePixels(DefaultScheduler.Plan plan, int n, Found f, Target target, Set<String> packable) {
        while (true) {
            int at = f.band.loops().indexOf(f.j);
            if (at == 0) {
                return f;
            }
            Stmt.For outer = f.band.loops().get(at - 1);
            long e = extent(f.j);
            Long cb = coefficient(f.b, outer.var());
            Long co = coefficient(f.out, outer.var());
            Long ca = coefficient(f.a, outer.var());
            if (cb == null || co == null || ca == null || ca != 0 || cb != e || co != e
                    || coefficient(f.out, f.j.var()) != 1) {
                return f;
            }
            Kernel before = plan.kernel;
            int mark = plan.mark();
            String fused = DefaultScheduler.fuse(plan, outer.var().name(), f.j.var().name());
            if (fused == null) {
                return f;
            }
            Found g = analyse(plan.kernel, DefaultScheduler.topLoops(plan.kernel).get(n), target, packable);
            if (g == null || g.pack != Packing.BROADCASTS || !g.j.var().name().equals(fused)) {
                plan.rollback(mark, before);
                return f;
            }
            f = g;
        }
    }

    // ---- analysis ---------------------------------------------------------------------------------

    private static Found analyse(Kernel k, Stmt.For top, Target target, Set<String> packable) {
        Accumulation nest = Accumulation.of(top);
        if (nest == null) {
            return null;
        }
        Band band = nest.band();
        Band reduction = nest.reduction();
        Expr.Load lx = nest.a();
        Expr.Load ly = nest.b();
        List<Expr.Load> stores = nest.globalStores();
        Expr.Load out = stores.isEmpty() ? null : stores.getFirst();
        Set<Buffer> written = Uses.written(k.body());
        // (a, b) in both orders; the better vector axis wins.
        Found best = null;
        int bestScore = -1;
        for (int swap = 0; swap < 2; swap++) {
            Expr.Load a = swap == 0 ? lx : ly;
            Expr.Load b = swap == 0 ? ly : lx;
            boolean canPackB = canPack(b, packable, written) && packDims(b, band, reduction, k) != null;
            List<Map.Entry<Expr.Var, Long>> aDims = canPack(a, packable, written) ? packDims(a, band, reduction, k)
                    : null;
            for (Stmt.For j : band.loops()) {
                Long cb = coefficient(b, j.var());
                Long ca = coefficient(a, j.var());
                if (cb == null || ca == null || cb == 0 || ca != 0 || extent(j) < 2) {
                    continue;
                }
                Stmt.For i = rowAxis(a, b, band, j);
                if (i == null) {
                    continue;
                }
                Packing pack = canPackB ? Packing.VECTORS
                        : cb == 1 && aDims != null && aDims.stream().anyMatch(d -> d.getKey().equals(i.var()))
                                && !guarded(nest, j.var()) ? Packing.BROADCASTS : Packing.NONE;
                if (pack == Packing.NONE && cb != 1) {
                    continue;
                }
                Long co = coefficient(out, j.var());
                int score = (pack != Packing.NONE ? 4 : 0) + (co != null && co == 1 ? 2 : 0)
                        + (extent(j) >= target.lanes() ? 1 : 0);
                if (score > bestScore) {
                    bestScore = score;
                    best = new Found(band, reduction, nest.acc(), a, b, j, i, pack,
                            reductionOrder(reduction, nest.lets()), out);
                }
            }
        }
        return best;
    }

    /**
     * True when a guard of the nest depends on {@code v} (through lets too): a convolution's padding along the
     * pixels, which would mask the vector loads of b in every panel.
     */
    private static boolean guarded(Accumulation nest, Expr.Var v) {
        for (Band x : List.of(nest.band(), nest.reduction())) {
            for (Stmt w : x.wrappers()) {
                if (w instanceof Stmt.If g && Uses.mentions(Substitute.in(g.cond(), nest.lets()), v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A global parameter fixed before the kernel runs, which a schedule may read in another layout. */
    private static boolean canPack(Expr.Load x, Set<String> packable, Set<Buffer> written) {
        return packable.contains(x.buffer().name()) && !written.contains(x.buffer())
                && x.buffer().scope() == Buffer.Scope.GLOBAL;
    }

    /** The loop other than j that moves a and not b, with the smallest stride in a (then the longest). */
    private static Stmt.For rowAxis(Expr.Load a, Expr.Load b, Band band, Stmt.For j) {
        Stmt.For best = null;
        long bestStride = Long.MAX_VALUE;
        for (Stmt.For i : band.loops()) {
            Long ca = coefficient(a, i.var());
            Long cb = coefficient(b, i.var());
            if (i == j || ca == null || cb == null || ca == 0 || cb != 0 || extent(i) < 2) {
                continue;
            }
            long stride = Math.abs(ca);
            if (stride < bestStride || stride == bestStride && extent(i) > extent(best)) {
                bestStride = stride;
                best = i;
            }
        }
        return best;
    }

    /** The reduction loops with those that guards depend on first, each group in its original order. */
    private static List<Stmt.For> reductionOrder(Band reduction, Map<Expr.Var, Expr> lets) {
        Set<Expr.Var> guarded = new LinkedHashSet<>();
        for (Stmt w : reduction.wrappers()) {
            if (w instanceof Stmt.If g) {
                guarded.addAll(Uses.vars(Substitute.in(g.cond(), lets)));
            }
        }
        List<Stmt.For> order = new ArrayList<>();
        reduction.loops().stream().filter(l -> guarded.contains(l.var())).forEach(order::add);
        reduction.loops().stream().filter(l -> !guarded.contains(l.var())).forEach(order::add);
        return order;
    }

    /**
     * b's index as a row-major array: the loops it depends on by decreasing stride, each with its dim (the
     * ratio to the next stride), when every term is a loop variable times a constant, strides nest exactly and
     * the last is 1; null otherwise.
     */
    private static List<Map.Entry<Expr.Var, Long>> packDims(Expr.Load b, Band band, Band reduction, Kernel k) {
        Poly p = Poly.of(b.index());
        if (p.constant() != 0) {
            return null;
        }
        Map<Expr.Var, Long> extents = new HashMap<>();
        for (Band x : List.of(band, reduction)) {
            x.loops().forEach(l -> extents.put(l.var(), extent(l)));
        }
        List<Map.Entry<Expr.Var, Long>> strides = new ArrayList<>();
        for (var t : p.terms().entrySet()) {
            List<Expr> atoms = t.getKey().atoms();
            if (atoms.size() != 1 || !(atoms.getFirst() instanceof Expr.Var v) || !extents.containsKey(v)
                    || t.getValue() <= 0) {
                return null;
            }
            strides.add(Map.entry(v, t.getValue()));
        }
        strides.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        if (strides.isEmpty() || strides.getLast().getValue() != 1) {
            return null;
        }
        List<Map.Entry<Expr.Var, Long>> dims = new ArrayList<>();
        for (int d = 0; d < strides.size(); d++) {
            long stride = strides.get(d).getValue();
            long dim = d == 0 ? b.buffer().size() / stride : strides.get(d - 1).getValue() / stride;
            if (d > 0 && strides.get(d - 1).getValue() % stride != 0 || dim < extents.get(strides.get(d).getKey())) {
                return null;
            }
            dims.add(Map.entry(strides.get(d).getKey(), dim));
        }
        return dims;
    }

    // ---- schedule ---------------------------------------------------------------------------------

    /** Bytes of one way of the L1 data cache (32 KiB 8-way on Zen 3, 48 KiB 12-way on recent Intel cores). */
    static final long L1_WAY_BYTES = 4096;
    /** Elements of f32 in a cache line. */
    static final long LINE_FLOATS = 16;
    /** Most rows whose broadcasts may share one L1 set in a step: the ways left to the panel and the next lines. */
    static final int SAME_SET_ROWS = 3;

    /**
     * Tile rows and vectors for the target and for how a (the broadcast operand) lies in memory.
     *
     * <ul>
     *   <li>Registers: the largest R·V with R·V + R + V at most one more than the register count (C2 keeps
     *       the R·V accumulators and V loaded vectors, and streams most broadcasts from memory: 5×2 with 16
     *       registers runs at 65–70% of the FMA peak where 4×3 and 6×2 spill), at most {@code maxRows} rows
     *       and {@code maxVectors} vectors.</li>
     *   <li>Rows {@code aRowStride} elements apart in a whose stride is a multiple of an L1 way (a matrix
     *       product's rows of 1024 floats) map to one cache set: at most {@value #SAME_SET_ROWS} rows.</li>
     *   <li>Rows that are consecutive elements of a, with no reduction loop sliding a window over them (a 1×1
     *       convolution's pixels when its weights are the vectors), take a power of two, so that a step's
     *       broadcasts never straddle two lines: measured, 4×2 at 60% of the peak against 5×2 at 25%. So do
     *       rows a few elements apart (a strided convolution's pixels, whose R broadcasts span R·stride
     *       elements): 4×2 at 61–64 GFLOP/s against 5×2 at 50 for a 3×3 stride-2 convolution.</li>
     *   <li>No more vectors than rows unless the rows are all there are: a tall tile reuses each loaded vector
     *       R times and keeps fewer loads in flight (3×3 runs a 1024³ matrix product at 85% of the peak, 2×4
     *       and 2×5 less).</li>
     *   <li>The most useful multiply-adds per step, R·V less what partial row tiles and panels waste (4×2 for 8
     *       rows, not 5×2), then the fewest loads per step (4×2 before 8×1), then more rows.</li>
     * </ul>
     */
    static int[] tileShape(Target target, long maxRows, long maxVectors, long aRowStride, boolean sliding) {
        long rowLimit = Math.min(14, maxRows);
        if (aRowStride >= LINE_FLOATS && aRowStride * 4 % L1_WAY_BYTES == 0) {
            rowLimit = Math.min(rowLimit, SAME_SET_ROWS);
        }
        boolean powerOfTwoRows = aRowStride == 1 && !sliding || aRowStride > 1 && aRowStride < LINE_FLOATS;
        double best = 0;
        int[] shape = {1, 1};
        for (int r = 1; r <= rowLimit; r++) {
            if (powerOfTwoRows && Integer.bitCount(r) != 1) {
                continue;
            }
            for (int v = 1; v <= Math.min(8, maxVectors); v++) {
                if (r * v + r + v > target.vectorRegisters() + 1 || v > r && r < rowLimit) {
                    continue;
                }
                // Useful multiply-adds per step, partial row tiles and panels counted as whole ones.
                double useful = (double) maxRows / ceilDiv(maxRows, r) * maxVectors / ceilDiv(maxVectors, v);
                if (better(useful, r, v, best, shape)) {
                    best = useful;
                    shape = new int[] {r, v};
                }
            }
        }
        return shape;
    }

    /**
     * Tile rows and vectors when a's broadcasts are packed contiguous per step: at most half the vector
     * registers as accumulators, and no more vectors than rows unless the rows are all there are; the most
     * useful multiply-adds per step (partial row tiles and panels counted as whole ones), then the fewest loads
     * per step, then more rows. The margin is for C2's register allocator: without loop strip mining (the
     * parallel and serial collectors), a 6×2 tile of a 1×1 convolution spills accumulators in the reduction
     * loop and runs at 39 GFLOP/s where 4×2 runs at 84–90 (with G1, 6×2 runs at 86).
     */
    static int[] packedBroadcastShape(Target target, long maxRows, long maxVectors) {
        double best = 0;
        int[] shape = {1, 1};
        for (int r = 1; r <= Math.min(14, maxRows); r++) {
            for (int v = 1; v <= Math.min(8, maxVectors); v++) {
                if (r * v > target.vectorRegisters() / 2 || v > r && r < maxRows) {
                    continue;
                }
                double useful = (double) maxRows / ceilDiv(maxRows, r) * maxVectors / ceilDiv(maxVectors, v);
                if (better(useful, r, v, best, shape)) {
                    best = useful;
                    shape = new int[] {r, v};
                }
            }
        }
        return shape;
    }

    /** Whether an r×v tile beats {@code shape}: more useful multiply-adds, then fewer loads, then more rows. */
    private static boolean better(double useful, int r, int v, double best, int[] shape) {
        int loads = r + v;
        int bestLoads = shape[0] + shape[1];
        return useful > best + 1e-9
                || useful > best - 1e-9 && (loads < bestLoads || loads == bestLoads && r > shape[0]);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static boolean schedule(DefaultScheduler.Plan plan, int n, Found f, Target target) {
        int lanes = target.lanes();
        long aRowStride = Math.abs(coefficient(f.a, f.i.var()));
        boolean sliding = false;
        for (Stmt.For r : f.reduction.loops()) {
            Long c = coefficient(f.a, r.var());
            sliding |= c != null && c != 0 && Math.abs(c) <= aRowStride;
        }
        long vectorsAlongJ = (extent(f.j) + lanes - 1) / lanes;
        int[] shape = f.pack == Packing.BROADCASTS ? packedBroadcastShape(target, extent(f.i), vectorsAlongJ)
                : tileShape(target, extent(f.i), vectorsAlongJ, aRowStride, sliding);
        int rows = shape[0];
        int vectors = shape[1];
        int panel = vectors * lanes;
        String jName = f.j.var().name();
        String iName = f.i.var().name();

        if (f.pack != Packing.NONE) {
            boolean vectorOperand = f.pack == Packing.VECTORS;
            Expr.Load packed = vectorOperand ? f.b : f.a;
            Expr.Var blocked = vectorOperand ? f.j.var() : f.i.var();
            List<Map.Entry<Expr.Var, Long>> dims = packDims(packed, f.band, f.reduction, plan.kernel);
            List<Long> sizes = dims.stream().map(Map.Entry::getValue).toList();
            List<Expr.Var> vars = dims.stream().map(Map.Entry::getKey).toList();
            List<Integer> order = new ArrayList<>();
            Set<Expr.Var> reductionVars = new LinkedHashSet<>();
            f.reductionOrder.forEach(l -> reductionVars.add(l.var()));
            for (int d = 0; d < vars.size(); d++) {
                if (!vars.get(d).equals(blocked) && !reductionVars.contains(vars.get(d))) {
                    order.add(d);
                }
            }
            int axis = vars.indexOf(blocked);
            order.add(axis);
            for (Stmt.For r : f.reductionOrder) {
                if (vars.contains(r.var())) {
                    order.add(vars.indexOf(r.var()));
                }
            }
            if (!plan.tryStep(new Pack(packed.buffer().name(), sizes, order, axis, vectorOperand ? panel : rows))) {
                return false;
            }
        }
        List<String> redNames = f.reductionOrder.stream().map(l -> l.var().name()).toList();
        if (redNames.size() > 1 && !redNames.equals(f.reduction.loops().stream().map(l -> l.var().name()).toList())
                && !plan.tryStep(new ReorderReduction(redNames))) {
            return false;
        }
        String[] js = DefaultScheduler.split(plan, jName, new Expr.IntImm(ScalarType.I32, panel));
        if (js == null) {
            return false;
        }
        // One vector per panel: the panel loop is the vector loop (a loop of one iteration would not index the tile).
        String[] jv = vectors == 1 ? new String[] {null, js[1]}
                : DefaultScheduler.split(plan, js[1], new Expr.IntImm(ScalarType.I32, lanes));
        String[] is = jv == null ? null : DefaultScheduler.split(plan, iName, new Expr.IntImm(ScalarType.I32, rows));
        if (is == null) {
            return false;
        }
        List<String> order = new ArrayList<>();
        List<String> original = f.band.loops().stream().map(l -> l.var().name()).toList();
        for (String name : original.subList(0, original.indexOf(jName))) {
            if (!name.equals(iName)) {
                order.add(name);
            }
        }
        order.add(js[0]);
        for (String name : original.subList(original.indexOf(jName) + 1, original.size())) {
            if (!name.equals(iName)) {
                order.add(name);
            }
        }
        order.add(is[0]);
        order.add(is[1]);
        if (jv[0] != null) {
            order.add(jv[0]);
        }
        order.add(jv[1]);
        if (!plan.tryStep(new Reorder(order)) || !plan.tryStep(new Vectorize(jv[1]))
                || !plan.tryStep(new TileAccumulator(is[0])) || !plan.tryStep(new Unroll(is[1]))
                || jv[0] != null && !plan.tryStep(new Unroll(jv[0]))) {
            return false;
        }
        splitOffGuards(plan, is[0]);
        List<String> panels = splitOffGuards(plan, js[0]);
        if (f.pack == Packing.BROADCASTS) {
            for (String p : panels) {
                for (LoopSites.Site site : LoopSites.all(plan.kernel, p)) {
                    stagePanel(plan, site.loop(), f, target);
                }
            }
        }
        // Parallel over the outermost loops of each copy, fused with the loops inside while they are few.
        Set<String> outers = new LinkedHashSet<>();
        for (String p : panels) {
            for (LoopSites.Site site : LoopSites.all(plan.kernel, p)) {
                outers.add(site.enclosing().isEmpty() ? p : site.enclosing().getFirst().var().name());
            }
        }
        outers.forEach(o -> parallel(plan, o));
        return true;
    }

    /**
     * b's panel copied into a dense local buffer at each iteration of the panel loop, when b's rows along the
     * reduction are far apart (a 1×1 convolution's input channels, 3136 floats apart, whose lines map to a few
     * L1 sets) and the copy fits half of L1; the copy's column is vectorized.
     */
    private static void stagePanel(DefaultScheduler.Plan plan, Stmt.For panel, Found f, Target target) {
        long reductionStride = 0;
        for (Stmt.For r : f.reduction.loops()) {
            Long c = coefficient(f.b, r.var());
            reductionStride = Math.max(reductionStride, c == null ? 0 : Math.abs(c));
        }
        if (reductionStride < LINE_FLOATS) {
            return;
        }
        Stage stage = new Stage(f.b.buffer().name(), panel.var().name());
        Kernel staged;
        try {
            staged = stage.apply(plan.kernel);
        } catch (ScheduleException e) {
            return;
        }
        Buffer copy = null;
        for (LoopSites.Site site : LoopSites.all(staged, panel.var().name())) {
            if (site.loop().body() instanceof Stmt.Allocate a) {
                copy = a.buffer();
            }
        }
        if (copy == null || copy.size() * 4 > target.l1Bytes() / 2) {
            return;
        }
        List<String> names = stage.loopNames(plan.kernel, 0);
        int mark = plan.mark();
        Kernel before = plan.kernel;
        if (!plan.tryStep(stage)) {
            return;
        }
        // The copy's loops: the first names stage gives that now exist; the last one is the column.
        List<String> loops = new ArrayList<>();
        for (String name : stage.loopNames(before, 8)) {
            if (LoopSites.all(plan.kernel, name).isEmpty()) {
                break;
            }
            loops.add(name);
        }
        if (loops.isEmpty()) {
            plan.rollback(mark, before);
            return;
        }
        String column = loops.getLast();
        long width = extent(LoopSites.unique(plan.kernel, column).loop());
        if (width % target.lanes() == 0) {
            String[] cs = DefaultScheduler.split(plan, column, new Expr.IntImm(ScalarType.I32, target.lanes()));
            if (cs != null) {
                plan.tryStep(new Vectorize(cs[1]));
                plan.tryStep(new Unroll(cs[0]));
            }
        }
    }

    /** Enough parallel iterations that every thread gets several chunks, on the machines Kiln targets. */
    private static final int PARALLEL_ITERATIONS = 16;

    private static void parallel(DefaultScheduler.Plan plan, String name) {
        if (LoopSites.all(plan.kernel, name).size() != 1) {
            return;
        }
        if (!plan.tryStep(new Parallel(name))) {
            parallelInside(plan, LoopSites.unique(plan.kernel, name).loop());
            return;
        }
        while (DefaultScheduler.maxExtent(LoopSites.unique(plan.kernel, name).loop()) < PARALLEL_ITERATIONS) {
            Stmt.For loop = LoopSites.unique(plan.kernel, name).loop();
            if (!(loop.body() instanceof Stmt.For inner) || inner.kind() != LoopKind.SERIAL
                    || Dependence.carried(inner, DefaultScheduler.site(plan.kernel, inner).facts()) != null) {
                return;
            }
            String fused = DefaultScheduler.fuse(plan, name, inner.var().name());
            if (fused == null) {
                return;
            }
            name = fused;
        }
    }

    /**
     * The loops directly inside {@code outer} made parallel, for when {@code outer} cannot be: the dependence test
     * does not separate the stores of a panel's full row tiles from those of its partial one in another panel
     * (both split off, as in a 1024³ matrix product with 3 × 24 tiles), though each loop of row tiles is
     * independent on its own.
     */
    private static void parallelInside(DefaultScheduler.Plan plan, Stmt.For outer) {
        List<Stmt> body = outer.body() instanceof Stmt.Seq q ? q.stmts() : List.of(outer.body());
        for (Stmt s : body) {
            if (s instanceof Stmt.For inner && inner.kind() == LoopKind.SERIAL && DefaultScheduler.maxExtent(inner) > 1) {
                plan.tryStep(new Parallel(inner.var().name()));
            }
        }
    }

    /**
     * Splits the loop's iterations into a first few, a guard-free interior and a last few, choosing the widest
     * interior in which no guard depends on the loop; returns the names of the loops that now stand for it.
     */
    static List<String> splitOffGuards(DefaultScheduler.Plan plan, String loop) {
        Stmt.For f = LoopSites.unique(plan.kernel, loop).loop();
        if (!(f.extent() instanceof Expr.IntImm e) || guardsOn(f.body(), f.var(), Map.of()) == 0) {
            return List.of(loop);
        }
        long n = e.value();
        IndexSplit best = null;
        long widest = 0;
        for (long lo = 0; lo <= Math.min(3, n - 1); lo++) {
            for (long hi = n; hi > lo && hi >= n - 3; hi--) {
                if (hi - lo <= widest) {
                    continue;
                }
                List<Long> points = new ArrayList<>();
                if (lo > 0) {
                    points.add(lo);
                }
                if (hi < n) {
                    points.add(hi);
                }
                if (points.isEmpty()) {
                    continue;
                }
                IndexSplit s = new IndexSplit(loop, points);
                String middle = s.copyNames(plan.kernel).get(lo > 0 ? 1 : 0);
                Kernel k;
                try {
                    k = s.apply(plan.kernel);
                } catch (ScheduleException ex) {
                    continue;
                }
                Stmt.For copy = LoopSites.unique(k, middle).loop();
                if (guardsOn(copy.body(), copy.var(), Map.of()) == 0) {
                    widest = hi - lo;
                    best = s;
                }
            }
        }
        if (best == null) {
            return List.of(loop);
        }
        List<String> names = best.copyNames(plan.kernel);
        if (!plan.tryStep(best)) {
            return List.of(loop);
        }
        List<String> present = new ArrayList<>();
        for (String name : names) {
            if (!LoopSites.all(plan.kernel, name).isEmpty()) {
                present.add(name);
            }
        }
        return present;
    }

    /** The number of conditions in {@code s} that depend on {@code v}, through lets too. */
    private static int guardsOn(Stmt s, Expr.Var v, Map<Expr.Var, Expr> lets) {
        return switch (s) {
            case Stmt.For f -> guardsOn(f.body(), v, lets);
            case Stmt.Seq q -> q.stmts().stream().mapToInt(x -> guardsOn(x, v, lets)).sum();
            case Stmt.If i -> (Uses.mentions(Substitute.in(i.cond(), lets), v) ? 1 : 0) + guardsOn(i.then(), v, lets)
                    + guardsOn(i.otherwise(), v, lets);
            case Stmt.Let l -> {
                Map<Expr.Var, Expr> inner = new HashMap<>(lets);
                inner.put(l.var(), Substitute.in(l.value(), lets));
                yield guardsOn(l.body(), v, inner);
            }
            case Stmt.Allocate a -> guardsOn(a.body(), v, lets);
            case Stmt.Store st -> 0;
        };
    }
}
