package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code zero_pad(x, v)}: at the start of each iteration of loop v, the window of x that the iteration's guarded
 * reads read is copied into a local buffer with zeros where the reads are guarded off (a convolution's padding), the
 * reads take the copy, and the guards that only kept those reads in bounds go. Those reads must all
 * be {@code x[base + Σ c·h]}: base free of what v's body binds, each coordinate h a let bound inside v with a
 * positive constant stride c, under the same guards on the coordinates (conditions on one coordinate only). A
 * guard goes when everything it guards accumulates {@code acc = fma(x[..], w, acc)}, so that reading a zero
 * adds {@code 0·w}: exact for finite w (the accumulator starts at +0 and never becomes −0, so adding ±0 keeps
 * its bits), while a skipped tap with w = ±∞ or NaN would have been left out. Where the guards are kept, the
 * copy gives the same values.
 *
 * <pre>
 * for g { for p { let h = p + k - 1 { if 0 &lt;= h { if h &lt; 12 { acc = fma(x[g*12 + h], w[k], acc) } } } } }
 * --zero_pad(x, g)--&gt;
 * for g { allocate x_pad: f32[14] { for x_z in 0..14 { x_pad[x_z] = 0.0 }
 *   for x_c0 in 0..12 { x_pad[x_c0 + 1] = x[g*12 + x_c0] }
 *   for p { let h = p + k - 1 { acc = fma(x_pad[h + 1], w[k], acc) } } } }
 * </pre>
 *
 * The window is each coordinate's range over v's body (at the widest vector), so reads past a partial last
 * tile stay inside the copy; its size is rounded up to whole vectors. The copy's loops are named by {@link #loopNames}: the zeroing loop, then one
 * loop per coordinate, outermost first.
 */
public record ZeroPad(String buffer, String loop) implements Step {
    /** The copy's size is rounded up to a multiple of this: the most f32 lanes of a vector. */
    static final long ROUND = 16;

    /**
     * One read of x: the load, the facts where it stands without and with the conditions around it (the first
     * size the window, the second bound what the read really reads), and the coordinate guards around it.
     */
    private record Read(Expr.Load load, Facts facts, Facts guarded, Set<Expr> guards) {
    }

    /** The names of the copy's loops in {@code k}: the zeroing loop, then one per coordinate. */
    public List<String> loopNames(Kernel k, int coordinates) {
        List<String> bases = new ArrayList<>(List.of(buffer + "_z"));
        for (int d = 0; d < coordinates; d++) {
            bases.add(buffer + "_c" + d);
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
        collect(at.body(), inside, inside, Set.of(), x, inner, reads);

        // The coordinates and the base, from the guarded reads; reads elsewhere in x (a residual) stay as they are.
        Read guardedRead = reads.stream().filter(r -> !r.guards().isEmpty()).findFirst().orElse(null);
        if (guardedRead == null) {
            throw error(k, "no read of " + buffer + " is guarded");
        }
        Poly first = Poly.of(guardedRead.load().index());
        reads.removeIf(r -> !Poly.of(r.load().index()).equals(first));
        Map<Expr.Var, Long> strides = new LinkedHashMap<>();
        Poly base = first;
        for (var t : first.terms().entrySet()) {
            List<Expr> atoms = t.getKey().atoms();
            if (atoms.size() == 1 && atoms.getFirst() instanceof Expr.Var v && inner.contains(v)) {
                if (t.getValue() <= 0) {
                    throw error(k, "coordinate " + v.name() + " has stride " + t.getValue());
                }
                strides.put(v, t.getValue());
                base = base.filter((m, c) -> !m.atoms().equals(atoms));
            }
        }
        for (Expr.Var v : Uses.vars(base.toExpr())) {
            if (inner.contains(v)) {
                throw error(k, "the index " + LoopPrinter.print(first.toExpr()) + " is not a base plus coordinates");
            }
        }
        if (strides.isEmpty()) {
            throw error(k, "the reads of " + buffer + " have no coordinates bound inside " + loop);
        }
        List<Expr.Var> coords = new ArrayList<>(strides.keySet());
        coords.sort(Comparator.comparingLong((Expr.Var v) -> -strides.get(v)));
        // Only guards on the coordinates go; a guard on another let (a tap that reads no row) stays.
        Set<Expr> guards = onCoordinates(guardedRead.guards(), coords);
        for (Read r : reads) {
            if (!onCoordinates(r.guards(), coords).equals(guards)) {
                throw error(k, "the reads of " + buffer + " differ in index or guards");
            }
        }

        // The window: each coordinate's range over every read, and the part of it the guards allow.
        Map<Expr.Var, long[]> window = new HashMap<>();
        Map<Expr.Var, long[]> valid = new HashMap<>();
        for (Expr.Var v : coords) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Read r : reads) {
                Interval range = Bounds.range(v, r.facts());
                if (range.isEmpty() || range.lo() == Interval.NEG_INF || range.hi() == Interval.POS_INF) {
                    throw error(k, "the range of " + v.name() + " is not bounded");
                }
                lo = Math.min(lo, range.lo());
                hi = Math.max(hi, range.hi());
            }
            if (hi - lo >= 1 << 16) {
                throw error(k, "the window of " + v.name() + " is too wide");
            }
            window.put(v, new long[] {lo, hi});
            // What the reads really read, under every condition around them: beyond it only extra lanes read.
            long realLo = Long.MAX_VALUE;
            long realHi = Long.MIN_VALUE;
            for (Read r : reads) {
                Interval range = Bounds.range(unlet(v, r.guarded()), r.guarded());
                realLo = Math.min(realLo, range.isEmpty() ? lo : Math.max(lo, range.lo()));
                realHi = Math.max(realHi, range.isEmpty() ? hi : Math.min(hi, range.hi()));
            }
            long[] ok = allowed(k, v, lo, hi, guards);
            valid.put(v, new long[] {Math.max(ok[0], realLo), Math.min(ok[1], realHi)});
            if (valid.get(v)[0] > valid.get(v)[1]) {
                throw error(k, "no value of " + v.name() + " is read");
            }
        }
        long size = 1;
        Map<Expr.Var, Long> padStride = new HashMap<>();
        for (int d = coords.size() - 1; d >= 0; d--) {
            long[] w = window.get(coords.get(d));
            padStride.put(coords.get(d), size);
            size = Math.multiplyExact(size, w[1] - w[0] + 1);
        }
        // The copy must read inside x.
        Expr copyMin = base.toExpr();
        Expr copyMax = base.toExpr();
        for (Expr.Var v : coords) {
            copyMin = add(copyMin, mul(i32(valid.get(v)[0]), strides.get(v)));
            copyMax = add(copyMax, mul(i32(valid.get(v)[1]), strides.get(v)));
        }
        Interval lowest = Bounds.range(copyMin, inside);
        Interval highest = Bounds.range(copyMax, inside);
        if (lowest.isEmpty() || lowest.lo() < 0 || highest.hi() >= x.size()) {
            throw error(k, "the window of " + buffer + " is not inside it");
        }

        // Whole vectors of every width: zeroing needs no masked tail (masked stores are slow on some machines).
        size = (size + ROUND - 1) / ROUND * ROUND;
        Buffer padded = new Buffer(Uses.fresh(buffer + "_pad", Uses.names(k)), x.type(), size, Buffer.Scope.LOCAL);
        List<String> names = loopNames(k, coords.size());
        Expr zero = new Expr.FloatImm(x.type(), 0);
        Expr.Var z = new Expr.Var(names.getFirst(), ScalarType.I32);
        Stmt zeroing = new Stmt.For(z, i32(size), LoopKind.SERIAL, new Stmt.Store(padded, z, zero));
        Expr to = i32(0);
        Expr from = base.toExpr();
        List<Expr.Var> copyVars = new ArrayList<>();
        for (int d = 0; d < coords.size(); d++) {
            Expr.Var v = coords.get(d);
            Expr.Var c = new Expr.Var(names.get(d + 1), ScalarType.I32);
            copyVars.add(c);
            long start = valid.get(v)[0];
            to = add(to, mul(add(c, i32(start - window.get(v)[0])), padStride.get(v)));
            from = add(from, mul(add(c, i32(start)), strides.get(v)));
        }
        Stmt copy = new Stmt.Store(padded, to, new Expr.Load(x, from));
        for (int d = coords.size() - 1; d >= 0; d--) {
            long[] ok = valid.get(coords.get(d));
            copy = new Stmt.For(copyVars.get(d), i32(ok[1] - ok[0] + 1), LoopKind.SERIAL, copy);
        }
        Expr paddedIndex = i32(0);
        for (Expr.Var v : coords) {
            paddedIndex = add(paddedIndex, mul(add(v, i32(-window.get(v)[0])), padStride.get(v)));
        }
        Buffer xb = x;
        Expr newIndex = paddedIndex;
        Stmt body = new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                return m.buffer().equals(xb) && Poly.of(m.index()).equals(first) ? new Expr.Load(padded, newIndex) : m;
            }

            @Override
            protected Stmt visit(Stmt.If s) {
                Stmt.If m = (Stmt.If) super.visit(s);
                return guards.contains(s.cond()) && m.otherwise() instanceof Stmt.Seq none && none.stmts().isEmpty()
                        && accumulatesOnly(m.then(), padded)
                        ? m.then() : m;
            }
        }.mutate(at.body());
        Stmt filled = new Stmt.Allocate(padded, new Stmt.Seq(List.of(zeroing, copy, body)));
        Stmt.For out = new Stmt.For(at.var(), at.extent(), at.kind(), Simplify.stmt(filled, inside));
        return LoopSites.replace(k, at, out);
    }

    @Override
    public String text() {
        return "zero_pad(" + LoopPrinter.name(buffer) + ", " + LoopPrinter.name(loop) + ")";
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("zero_pad(" + buffer + ", " + loop + ") in kernel " + k.name() + ": " + what);
    }

    /** Every read of x with its facts and the guards around it that are conditions on one inner let. */
    private void collect(Stmt s, Facts facts, Facts guarded, Set<Expr> guards, Buffer x, Set<Expr.Var> inner,
            List<Read> out) {
        switch (s) {
            case Stmt.For f -> collect(f.body(), facts.withLoop(f.var(), f.extent()),
                    guarded.withLoop(f.var(), f.extent()), guards, x, inner, out);
            case Stmt.Let l -> {
                readsIn(l.value(), facts, guarded, guards, x, out);
                collect(l.body(), facts.withLet(l.var(), l.value()), guarded.withLet(l.var(), l.value()), guards, x,
                        inner, out);
            }
            case Stmt.If i -> {
                readsIn(i.cond(), facts, guarded, guards, x, out);
                Set<Expr.Var> vars = Uses.vars(i.cond());
                Set<Expr> then = guards;
                if (vars.size() == 1 && inner.contains(vars.iterator().next()) && isLet(vars.iterator().next(), facts)) {
                    then = new HashSet<>(guards);
                    then.add(i.cond());
                }
                collect(i.then(), facts, guarded.withCondition(i.cond()), then, x, inner, out);
                collect(i.otherwise(), facts, guarded, guards, x, inner, out);
            }
            case Stmt.Seq q -> q.stmts().forEach(t -> collect(t, facts, guarded, guards, x, inner, out));
            case Stmt.Allocate a -> collect(a.body(), facts, guarded, guards, x, inner, out);
            case Stmt.Store st -> {
                readsIn(st.index(), facts, guarded, guards, x, out);
                readsIn(st.value(), facts, guarded, guards, x, out);
            }
        }
    }

    private static Set<Expr> onCoordinates(Set<Expr> guards, List<Expr.Var> coords) {
        Set<Expr> out = new HashSet<>();
        for (Expr g : guards) {
            if (coords.containsAll(Uses.vars(g))) {
                out.add(g);
            }
        }
        return out;
    }

    /** {@code e} with let-bound variables replaced by their values, so that later conditions bound it too. */
    private static Expr unlet(Expr e, Facts facts) {
        for (int depth = 0; depth < 16; depth++) {
            Map<Expr.Var, Expr> values = new HashMap<>();
            for (Expr.Var v : Uses.vars(e)) {
                if (facts.letValue(v) != null) {
                    values.put(v, facts.letValue(v));
                }
            }
            if (values.isEmpty()) {
                return e;
            }
            e = Substitute.in(e, values);
        }
        return e;
    }

    private static boolean isLet(Expr.Var v, Facts facts) {
        return facts.letValue(v) != null;
    }

    private static void readsIn(Expr e, Facts facts, Facts guarded, Set<Expr> guards, Buffer x, List<Read> out) {
        for (Expr.Load l : Uses.loads(e)) {
            if (l.buffer().equals(x)) {
                out.add(new Read(l, facts, guarded, guards));
            }
        }
    }

    /** The values in [lo, hi] where every guard on v holds, which must be one interval; {lo, hi} of it. */
    private long[] allowed(Kernel k, Expr.Var v, long lo, long hi, Set<Expr> guards) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean ended = false;
        for (long value = lo; value <= hi; value++) {
            boolean ok = true;
            for (Expr g : guards) {
                if (Uses.mentions(g, v)) {
                    Expr c = Simplify.expr(Substitute.in(g, Map.of(v, i32(value))));
                    ok &= c instanceof Expr.IntImm b && b.value() != 0;
                }
            }
            if (ok && ended) {
                throw error(k, "the values of " + v.name() + " the guards allow are not one range");
            }
            if (ok) {
                first = Math.min(first, value);
                last = value;
            } else if (first != Long.MAX_VALUE) {
                ended = true;
            }
        }
        if (first == Long.MAX_VALUE) {
            throw error(k, "the guards allow no value of " + v.name());
        }
        return new long[] {first, last};
    }

    /** Every store in {@code s} is {@code acc[e] = fma(p[..], w, acc[e])} or with the operands swapped. */
    private static boolean accumulatesOnly(Stmt s, Buffer padded) {
        boolean[] ok = {true};
        Uses.forEach(s, n -> {
            if (n instanceof Stmt.Store st) {
                Expr.Load acc = new Expr.Load(st.buffer(), st.index());
                ok[0] &= st.value() instanceof Expr.Fma f && f.c().equals(acc)
                        && (readsOnly(f.a(), padded) || readsOnly(f.b(), padded));
            }
        }, e -> {
        });
        return ok[0];
    }

    private static boolean readsOnly(Expr e, Buffer b) {
        return e instanceof Expr.Load l && l.buffer().equals(b);
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
