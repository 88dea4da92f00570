package kiln.passes.schedule;

import static kiln.passes.schedule.Accumulation.coefficient;
import static kiln.passes.schedule.Accumulation.extent;

import java.util.ArrayList;
import java.util.List;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * The stencil path: a register-blocked micro-kernel for an accumulation {@code out[..] = f(Σ_r x[..]·w[..])} in
 * which every output loop that moves w moves x too, so no x is shared between outputs of different w — a
 * depthwise convolution (one filter per channel plane), a pooling-like stencil, a 1-d filter. The outer-product
 * path does not apply there (its row axis needs an operand that only the rows move); this one reuses the
 * broadcast weight instead.
 *
 * <p><b>Analysis.</b> The nest is a band of output loops around a one-element f32 accumulator, a band of
 * reduction loops (the taps), and {@code acc = fma(x[..], w[..], acc)}. The vector axis j is the output loop
 * the result is unit-stride along, which moves x by one or two elements (stride 1 or 2) and w not at all; the
 * row axis i is another output loop that moves x and the result but not w (the output row of the plane); the
 * loops moving w (channels) stay outermost and become the parallel axis.
 *
 * <p><b>Schedule.</b> Split j by V·lanes and lanes and i by R; under the channel loops, the row tiles, then the
 * column tiles, then the R × V tile of vectors ({@link TileAccumulator}: the accumulators live in registers,
 * each tap updates all of them from one broadcast weight and R·V loaded vectors, and the epilogue — bias,
 * activation, residual — runs on the registers before the store). The horizontal taps are unrolled when the
 * body stays small. Each plane is read through a zero-padded copy ({@link ZeroPad}) made per channel (it stays
 * in L1 or L2), so no tap is guarded, and the partial last tiles compute whole vectors ({@link WidenTile}), so
 * only the stores of the last column tile are partial: one method, no border copies, whatever the kernel size
 * (a 31 × 31 kernel on a 28 × 28 plane has no interior to split off). A partial vector of half the lanes (a
 * 28-wide row with 8 lanes) is stored, in the copy and in the result, as a vector of half the width rather than
 * under a mask. Where no copy can be made the row and column tiles that reach the padding are split off instead
 * ({@link IndexSplit}). The channel loops are made parallel.
 *
 * <p>Measured on a Zen 3 core with AVX2, one thread, the generated methods timed side by side on arrays of the
 * exact size: for 384 channels of 28 × 28 with a 3 × 3 kernel, 270 µs with masked stores ending each row of the
 * copy and of the result, 177 µs with half-width stores; reading the input in place instead, with the column
 * guards as zero reads under lane masks ({@link ZeroFill}), took 356 µs there and 247 µs against 164 µs for 96
 * channels of 56 × 56 — the masked loads at the first and last element of the input leave the array and take
 * the Vector API's slow path — so the copy stays, even for 3 × 3 kernels.
 *
 * <p><b>Tile shape.</b> Every multiply-add of a tap reads its own vector, so R·V accumulators, the loaded
 * vectors C2 keeps live and the broadcast must fit the vector registers (2·R·V + 1 of them). The row is covered
 * first — a 28-wide plane with 8 lanes is one tile of 4 vectors, a 56-wide one of 7 — and short rows stack
 * several rows. Measured on a Zen 3 core with AVX2 for 384 channels of 28 × 28: 1 × 4 runs a 3 × 3 kernel
 * several times faster than 7 × 1 (fewer tiles, one partial vector per row) and 7 × 7 and 13 × 13 kernels
 * as fast.
 */
final class DepthwiseTiling {
    /**
     * The horizontal taps are unrolled while the unrolled body holds at most this many vector multiply-adds:
     * beyond it C2 no longer inlines all of the Vector API calls of the method, which then run boxed.
     */
    static final int UNROLLED_TAPS = 24;


    private DepthwiseTiling() {
    }

    /** What the analysis of one nest found. */
    private record Found(Band band, Band reduction, Buffer acc, Expr.Load x, Stmt.For j, Stmt.For i) {
    }

    /** Schedules top loop {@code n} of the plan's kernel; false (and the plan unchanged) when it does not apply. */
    static boolean apply(DefaultScheduler.Plan plan, int n, Target target) {
        Stmt.For top = DefaultScheduler.topLoops(plan.kernel).get(n);
        Found f = analyse(top);
        if (f == null) {
            return false;
        }
        Kernel before = plan.kernel;
        int mark = plan.mark();
        if (schedule(plan, n, f, target)) {
            return true;
        }
        plan.rollback(mark, before);
        return false;
    }

    // ---- analysis ---------------------------------------------------------------------------------

    private static Found analyse(Stmt.For top) {
        Accumulation nest = Accumulation.of(top);
        if (nest == null || nest.a().type() != ScalarType.F32 || nest.b().type() != ScalarType.F32
                || nest.reduction().loops().stream().anyMatch(l -> l.kind() != LoopKind.SERIAL)) {
            return null;
        }
        List<Expr.Load> stores = nest.globalStores();
        if (stores.size() != 1) {
            return null;
        }
        Band band = nest.band();
        Band reduction = nest.reduction();
        Expr.Load lp = nest.a();
        Expr.Load lq = nest.b();
        Expr.Load out = stores.getFirst();
        for (int swap = 0; swap < 2; swap++) {
            Expr.Load x = swap == 0 ? lp : lq;
            Expr.Load w = swap == 0 ? lq : lp;
            Found found = match(band, reduction, nest.acc(), x, w, out);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Found match(Band band, Band reduction, Buffer acc, Expr.Load x, Expr.Load w, Expr.Load out) {
        Stmt.For j = band.loops().getLast();
        Long xj = coefficient(x, j.var());
        if (!isConstant(out, j.var(), 1) || xj == null || xj < 1 || xj > 2 || !isConstant(w, j.var(), 0)
                || extent(j) < 4) {
            return null;
        }
        // No output loop moves w alone: outputs of one weight never share an input (that is the dense case).
        for (Stmt.For l : band.loops()) {
            Long cx = coefficient(x, l.var());
            Long cw = coefficient(w, l.var());
            if (cx == null || cw == null || cw != 0 && cx == 0) {
                return null;
            }
        }
        // The taps move the operands by constants.
        for (Stmt.For r : reduction.loops()) {
            if (coefficient(x, r.var()) == null || coefficient(w, r.var()) == null) {
                return null;
            }
        }
        // The row axis lies inside the channel loops (not the batch), so that a plane is one iteration outside it.
        Stmt.For i = null;
        int lastChannel = -1;
        for (int n = 0; n < band.loops().size(); n++) {
            if (!isConstant(w, band.loops().get(n).var(), 0)) {
                lastChannel = n;
            }
        }
        for (Stmt.For l : band.loops().subList(lastChannel + 1, band.loops().size())) {
            Long cx = coefficient(x, l.var());
            Long co = coefficient(out, l.var());
            if (l != j && cx != 0 && isConstant(w, l.var(), 0) && co != null && co != 0 && extent(l) >= 2) {
                i = l;
            }
        }
        return new Found(band, reduction, acc, x, j, i);
    }

    private static boolean isConstant(Expr.Load l, Expr.Var v, long value) {
        Long c = coefficient(l, v);
        return c != null && c == value;
    }

    // ---- schedule ---------------------------------------------------------------------------------

    /**
     * Tile rows and vectors for the target: as many vectors as the row holds (at most {@code maxVectors}), then as
     * many rows (at most {@code maxRows}) as keep 2·R·V + 1 below the register count. Whole rows first: one
     * column tile needs no loop over column tiles and leaves one partial vector per row; rows only add
     * accumulators when the row is short.
     */
    static int[] tileShape(Target target, long maxRows, long maxVectors) {
        int budget = target.vectorRegisters() - 2;
        int v = (int) Math.max(1, Math.min(Math.min(8, maxVectors), budget / 2));
        int r = (int) Math.max(1, Math.min(Math.min(8, maxRows), budget / (2 * v)));
        return new int[] {r, v};
    }

    /**
     * Reads the input through a zero-padded copy of each plane, made at the start of each iteration of
     * {@code plane}, so that no tap needs a guard; the copy's loops are vectorized. Skipped when it does not apply
     * (no padding: the reads need no guard).
     */
    private static void zeroPad(DefaultScheduler.Plan plan, String x, String plane, int lanes) {
        ZeroPad pad = new ZeroPad(x, plane);
        // The names of the copy's loops are a prefix of these, one per coordinate.
        List<String> names = pad.loopNames(plan.kernel, 8);
        if (!plan.tryStep(pad)) {
            return;
        }
        String innermost = null;
        for (String name : names.subList(1, names.size())) {
            if (!LoopSites.all(plan.kernel, name).isEmpty()) {
                innermost = name;
            }
        }
        for (String loop : java.util.Arrays.asList(names.getFirst(), innermost)) {
            String[] s = loop == null ? null : DefaultScheduler.split(plan, loop, new Expr.IntImm(ScalarType.I32, lanes));
            if (s != null && plan.tryStep(new Vectorize(s[1]))) {
                // Whole vectors apart from the last partial one: masked loads and stores are slow on some machines.
                OuterProductTiling.splitOffGuards(plan, s[0]);
            }
        }
    }

    private static boolean schedule(DefaultScheduler.Plan plan, int n, Found f, Target target) {
        int lanes = target.lanes();
        int[] shape = tileShape(target, f.i == null ? 1 : extent(f.i), (extent(f.j) + lanes - 1) / lanes);
        int rows = shape[0];
        int vectors = shape[1];
        String jName = f.j.var().name();
        String[] js = DefaultScheduler.split(plan, jName, new Expr.IntImm(ScalarType.I32, (long) vectors * lanes));
        if (js == null) {
            return false;
        }
        String[] jv = vectors == 1 ? new String[] {null, js[1]}
                : DefaultScheduler.split(plan, js[1], new Expr.IntImm(ScalarType.I32, lanes));
        if (jv == null) {
            return false;
        }
        String[] is = null;
        if (f.i != null) {
            is = rows == 1 ? new String[] {f.i.var().name(), null}
                    : DefaultScheduler.split(plan, f.i.var().name(), new Expr.IntImm(ScalarType.I32, rows));
            if (is == null) {
                return false;
            }
        }
        List<String> order = new ArrayList<>();
        for (Stmt.For l : f.band.loops()) {
            if (l != f.i && l != f.j) {
                order.add(l.var().name());
            }
        }
        if (is != null) {
            order.add(is[0]);
        }
        order.add(js[0]);
        if (is != null && is[1] != null) {
            order.add(is[1]);
        }
        if (jv[0] != null) {
            order.add(jv[0]);
        }
        order.add(jv[1]);
        // A split into one tile leaves no tile loop (a loop of one iteration goes): the tile then sits in the loop before.
        String planeLoop = null;
        int tileStart = order.indexOf(is != null ? is[0] : js[0]);
        if (tileStart > 0) {
            planeLoop = order.get(tileStart - 1);
        }
        order.removeIf(name -> LoopSites.all(plan.kernel, name).isEmpty());
        int firstTileLoop = order.indexOf(is != null && is[1] != null ? is[1] : jv[0] != null ? jv[0] : jv[1]);
        if (firstTileLoop < 1) {
            return false;
        }
        String at = order.get(firstTileLoop - 1);
        // The name TileAccumulator gives the tile.
        String tileName = Uses.fresh(f.acc.name() + "_tile", Uses.names(plan.kernel));
        if (!(order.size() < 2 || plan.tryStep(new Reorder(order))) || !plan.tryStep(new Vectorize(jv[1]))
                || !plan.tryStep(new TileAccumulator(at))
                || is != null && is[1] != null && !plan.tryStep(new Unroll(is[1]))
                || jv[0] != null && !plan.tryStep(new Unroll(jv[0]))) {
            return false;
        }
        Stmt.For horizontal = f.reduction.loops().getLast();
        if ((long) rows * vectors * extent(horizontal) <= UNROLLED_TAPS) {
            plan.tryStep(new Unroll(horizontal.var().name()));
        }
        if (planeLoop != null) {
            zeroPad(plan, f.x.buffer().name(), planeLoop, lanes);
        }
        // The partial last tiles compute whole vectors into lanes nobody stores (the padded copy is wide enough).
        // The last partial column tile apart, so that the others store without a mask.
        if (LoopSites.all(plan.kernel, js[0]).size() == 1) {
            OuterProductTiling.splitOffGuards(plan, js[0]);
        }
        if (!plan.tryStep(new WidenTile(tileName)) && is != null && LoopSites.all(plan.kernel, is[0]).size() == 1) {
            // Without a padded copy the row tiles that reach the padding keep their guards: split them off too.
            OuterProductTiling.splitOffGuards(plan, is[0]);
        }
        DefaultScheduler.parallelize(plan, DefaultScheduler.topLoops(plan.kernel).get(n));
        return true;
    }
}
