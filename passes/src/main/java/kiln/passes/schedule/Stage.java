package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Interval;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * {@code stage(x, v)}: at the start of each iteration of loop v, the window of x that the iteration reads is
 * copied into a dense local buffer, and the reads take the copy: a run-time packing of an operand that the
 * iteration reads many times at large strides (a 1×1 convolution's panel of pixels, one cache line per input
 * channel 12 KiB apart, whose lines map to a few L1 sets), so that it is read contiguously from L1 instead.
 *
 * <p>Every read of x inside v must be {@code x[base + Σ s·u + c]}: the same base for all reads (free of what
 * v's body binds), each u a loop or let bound inside v with a positive constant stride s, and a constant c. The
 * terms of stride 1 and the constant make the column of the window; the terms of each other stride, one row
 * coordinate. Each coordinate's range over the reads (at the widest vector) sizes the copy, row-major with
 * the largest stride outermost. The copy reads all of
 * that box, which must lie inside x; it holds the same values, so the reads give the same results.
 *
 * <pre>
 * for po { for oo { for c { for ji vectorized { acc[..] = fma(x[c*3136 + po*16 + ji], w[..], acc[..]) } } } }
 * --stage(x, po)--&gt;
 * for po { allocate x_stage: f32[4096] {
 *     for x_s0 in 0..256 { for x_s1 in 0..16 { x_stage[x_s0*16 + x_s1] = x[po*16 + x_s0*3136 + x_s1] } }
 *     for oo { for c { for ji vectorized { acc[..] = fma(x_stage[c*16 + ji], w[..], acc[..]) } } } } }
 * </pre>
 *
 * The copy's loops are named by {@link #loopNames}, one per coordinate, outermost first; the last is the column.
 */
public record Stage(String buffer, String loop) implements Step {
    /** The copy's size is rounded up to a multiple of this: the most f32 lanes of a vector. */
    static final long ROUND = 16;
    /** The largest copy, in elements. */
    static final long MAX_ELEMENTS = 1 << 20;

    /** One read of x: its index as a polynomial, with lets substituted, and the facts where it stands. */
    private record Read(Expr.Load load, Poly index, Facts facts) {
    }

    /** The names of the copy's loops in {@code k}, outermost first: one per coordinate, the column last. */
    public List<String> loopNames(Kernel k, int coordinates) {
        List<String> bases = new ArrayList<>();
        for (int d = 0; d < coordinates; d++) {
            bases.add(buffer + "_s" + d);
        }
        return LoopSites.freshNames(k, bases);
    }

    @Override
    public Kernel apply(Kernel k) {
        LoopSites.Site site = LoopSites.unique(k, loop);
        Stmt.For at = site.loop();
        Buffer x = LoopSites.readOnlyInput(k, at, buffer);
        if (x == null) {
            throw error(k, "no read-only global buffer " + buffer + " is read inside " + loop);
        }
        Set<Expr.Var> inner = Uses.bound(at.body());
        Facts inside = site.facts().withLoop(at.var(), at.extent());
        List<Read> reads = new ArrayList<>();
        collect(at.body(), inside, Map.of(), x, reads);

        // The base and the coordinates (terms by stride; stride 1 and the constant are the column).
        Poly base = null;
        TreeMap<Long, Boolean> strides = new TreeMap<>();
        if (reads.isEmpty()) {
            throw error(k, buffer + " is not read inside " + loop);
        }
        for (Read r : reads) {
            if (!Poly.of(r.load().index()).equals(r.index())) {
                throw error(k, "the index " + LoopPrinter.print(r.load().index()) + " goes through lets");
            }
            Poly b = r.index().filter((m, c) -> !isInner(m, inner)).withConstant(0);
            if (base != null && !base.equals(b)) {
                throw error(k, "the reads of " + buffer + " have different bases");
            }
            base = b;
            for (var t : r.index().terms().entrySet()) {
                if (!isInner(t.getKey(), inner)) {
                    continue;
                }
                if (t.getValue() <= 0) {
                    throw error(k, "the index " + LoopPrinter.print(r.load().index()) + " has a term of stride "
                            + t.getValue());
                }
                strides.put(t.getValue(), true);
            }
        }
        for (Expr.Var v : Uses.vars(base.toExpr())) {
            if (inner.contains(v)) {
                throw error(k, "the index of " + buffer + " is not a base plus coordinates");
            }
        }
        strides.put(1L, true);
        List<Long> order = new ArrayList<>(strides.descendingKeySet());
        // Each coordinate's range over the reads.
        int dims = order.size();
        long[] lo = new long[dims];
        long[] hi = new long[dims];
        java.util.Arrays.fill(lo, Long.MAX_VALUE);
        java.util.Arrays.fill(hi, Long.MIN_VALUE);
        for (Read r : reads) {
            for (int d = 0; d < dims; d++) {
                Interval range = Bounds.range(coordinate(r.index(), order.get(d), inner), r.facts());
                if (range.isEmpty() || range.lo() == Interval.NEG_INF || range.hi() == Interval.POS_INF) {
                    throw error(k, "a coordinate of " + buffer + " is not bounded");
                }
                lo[d] = Math.min(lo[d], range.lo());
                hi[d] = Math.max(hi[d], range.hi());
            }
        }
        long[] pitch = new long[dims];
        long size = 1;
        for (int d = dims - 1; d >= 0; d--) {
            pitch[d] = size;
            size = Math.multiplyExact(size, hi[d] - lo[d] + 1);
            if (size > MAX_ELEMENTS) {
                throw error(k, "the window of " + buffer + " is too large");
            }
        }
        size = (size + ROUND - 1) / ROUND * ROUND;
        // The copy reads the whole box, which must lie inside x.
        Expr first = base.toExpr();
        Expr last = base.toExpr();
        for (int d = 0; d < dims; d++) {
            first = add(first, i32(lo[d] * order.get(d)));
            last = add(last, i32(hi[d] * order.get(d)));
        }
        Interval lowest = Bounds.range(first, inside);
        Interval highest = Bounds.range(last, inside);
        if (lowest.isEmpty() || highest.isEmpty() || lowest.lo() < 0 || highest.hi() >= x.size()) {
            throw error(k, "the window of " + buffer + " is not inside it");
        }

        Buffer staged = new Buffer(Uses.fresh(buffer + "_stage", Uses.names(k)), x.type(), size, Buffer.Scope.LOCAL);
        List<String> names = loopNames(k, dims);
        Expr to = i32(0);
        Expr from = base.toExpr();
        List<Expr.Var> vars = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            Expr.Var c = new Expr.Var(names.get(d), ScalarType.I32);
            vars.add(c);
            to = add(to, mul(c, pitch[d]));
            from = add(from, mul(add(c, i32(lo[d])), order.get(d)));
        }
        Stmt copy = new Stmt.Store(staged, to, new Expr.Load(x, from));
        for (int d = dims - 1; d >= 0; d--) {
            copy = new Stmt.For(vars.get(d), i32(hi[d] - lo[d] + 1), LoopKind.SERIAL, copy);
        }
        Buffer xb = x;
        List<Long> strideOrder = order;
        Stmt body = new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                if (!m.buffer().equals(xb)) {
                    return m;
                }
                Poly p = Poly.of(m.index());
                Expr index = i32(0);
                for (int d = 0; d < dims; d++) {
                    index = add(index, mul(add(coordinate(p, strideOrder.get(d), inner), i32(-lo[d])), pitch[d]));
                }
                return new Expr.Load(staged, index);
            }
        }.mutate(at.body());
        Stmt filled = new Stmt.Allocate(staged, new Stmt.Seq(List.of(copy, body)));
        Stmt.For out = new Stmt.For(at.var(), at.extent(), at.kind(), Simplify.stmt(filled, inside));
        return LoopSites.replace(k, at, out);
    }

    @Override
    public String text() {
        return "stage(" + LoopPrinter.name(buffer) + ", " + LoopPrinter.name(loop) + ")";
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("stage(" + buffer + ", " + loop + ") in kernel " + k.name() + ": " + what);
    }

    /** A term of one variable bound inside the loop. */
    private static boolean isInner(Poly.Monomial m, Set<Expr.Var> inner) {
        return m.atoms().size() == 1 && m.atoms().getFirst() instanceof Expr.Var v && inner.contains(v);
    }

    /**
     * The coordinate of stride s in an index: the sum of its inner terms of that stride divided by s, plus the
     * constant for the column (s = 1).
     */
    private static Expr coordinate(Poly index, long s, Set<Expr.Var> inner) {
        Expr c = i32(s == 1 ? index.constant() : 0);
        for (var t : index.terms().entrySet()) {
            if (isInner(t.getKey(), inner) && t.getValue() == s) {
                c = add(c, t.getKey().atoms().getFirst());
            }
        }
        return c;
    }

    /** Every read of x, its index with the lets around it substituted, with the facts where it stands. */
    private static void collect(Stmt s, Facts facts, Map<Expr.Var, Expr> lets, Buffer x, List<Read> out) {
        switch (s) {
            case Stmt.For f -> collect(f.body(), facts.withLoop(f.var(), f.extent()), lets, x, out);
            case Stmt.Let l -> {
                readsIn(l.value(), facts, lets, x, out);
                Map<Expr.Var, Expr> inner = new java.util.HashMap<>(lets);
                inner.put(l.var(), Substitute.in(l.value(), lets));
                collect(l.body(), facts.withLet(l.var(), l.value()), inner, x, out);
            }
            case Stmt.If i -> {
                readsIn(i.cond(), facts, lets, x, out);
                collect(i.then(), facts, lets, x, out);
                collect(i.otherwise(), facts, lets, x, out);
            }
            case Stmt.Seq q -> q.stmts().forEach(t -> collect(t, facts, lets, x, out));
            case Stmt.Allocate a -> collect(a.body(), facts, lets, x, out);
            case Stmt.Store st -> {
                readsIn(st.index(), facts, lets, x, out);
                readsIn(st.value(), facts, lets, x, out);
            }
        }
    }

    private static void readsIn(Expr e, Facts facts, Map<Expr.Var, Expr> lets, Buffer x, List<Read> out) {
        for (Expr.Load l : Uses.loads(e)) {
            if (l.buffer().equals(x)) {
                out.add(new Read(l, Poly.of(Substitute.in(l.index(), lets)), facts));
            }
        }
    }

    private static Expr i32(long v) {
        return new Expr.IntImm(ScalarType.I32, v);
    }

    private static Expr add(Expr a, Expr b) {
        return new Expr.Bin(BinOp.ADD, a, b);
    }

    private static Expr mul(Expr a, long c) {
        return new Expr.Bin(BinOp.MUL, a, i32(c));
    }
}
