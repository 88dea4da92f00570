package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * {@code compute_at(p, v)}: fuses an elementwise producer kernel p into the consumer at loop v: at the
 * start of each iteration of v, the elements of p's output that the iteration reads are computed into a
 * local tile, and the iteration reads the tile instead. The elements read must form one window that moves
 * with the outer loops: every read index is {@code base + offset}, base the same for all reads and free of
 * the loops inside v, offset depending only on those loops (a 3×3 stencil over a row, say). The window is
 * the range of the offsets (at the widest vector), so a window spanning several rows also computes what lies
 * between them. Computes each element once per iteration of v rather than once per read, unlike
 * {@link Inline}.
 */
public record ComputeAt(Kernel producer, String loop) implements Step {

    @Override
    public Kernel apply(Kernel consumer) {
        Producer p = Producer.of(producer);
        p.checkConsumer(consumer);
        LoopSites.Site site = LoopSites.unique(consumer, loop);
        Stmt.For at = site.loop();
        Facts inside = site.facts().withLoop(at.var(), at.extent());

        Set<Expr.Var> innerVars = new HashSet<>();
        Uses.forEach(at.body(), s -> {
            switch (s) {
                case Stmt.For f -> innerVars.add(f.var());
                case Stmt.Let l -> innerVars.add(l.var());
                default -> {
                }
            }
        }, e -> {
        });
        List<Dependence.Access> reads = new ArrayList<>();
        for (Dependence.Access a : Dependence.accesses(at.body())) {
            if (a.buffer().equals(p.out())) {
                reads.add(a);
            }
        }
        if (reads.isEmpty()) {
            throw error(consumer, "the body of " + loop + " does not read " + p.out().name());
        }
        Poly base = null;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Dependence.Access a : reads) {
            Poly index = Poly.of(a.index());
            Poly offset = index.filter((m, c) -> mentionsAny(m, innerVars));
            Poly b = index.sub(offset).withConstant(0);
            offset = offset.withConstant(index.constant());
            for (var t : b.terms().keySet()) {
                if (mentionsAny(t, innerVars)) {
                    throw error(consumer, "read " + LoopPrinter.print(a.index()) + " mixes loops inside and outside " + loop);
                }
            }
            if (base != null && !base.equals(b)) {
                throw error(consumer, "reads of " + p.out().name() + " move differently with the outer loops: "
                        + base + " and " + b);
            }
            base = b;
            Facts f = inside;
            for (Stmt s : a.context()) {
                if (s instanceof Stmt.For l) {
                    f = f.withLoop(l.var(), l.extent());
                } else if (s instanceof Stmt.If i) {
                    f = f.withCondition(i.cond());
                }
            }
            for (int w = 0; w < Bounds.widths(); w++) {
                Interval r = Bounds.range(offset, f, w);
                if (!r.isBounded()) {
                    throw error(consumer, "cannot bound the reads " + LoopPrinter.print(a.index()) + " inside " + loop);
                }
                lo = Math.min(lo, r.lo());
                hi = Math.max(hi, r.hi());
            }
        }
        long size = hi - lo + 1;
        if (size > (1 << 20)) {
            throw error(consumer, "the window of " + size + " elements is too large for a local tile");
        }
        Buffer tile = new Buffer(Uses.fresh(p.out().name() + "_at_" + loop, Uses.names(consumer)), p.out().type(), size,
                Buffer.Scope.LOCAL);
        Expr start = new Expr.Bin(BinOp.ADD, base.toExpr(), new Expr.IntImm(ScalarType.I32, lo));
        Expr.Var t = new Expr.Var(Uses.fresh(tile.name() + ".i", Uses.names(consumer)), ScalarType.I32);
        Expr flat = new Expr.Bin(BinOp.ADD, start, t);
        Expr inRange = new Expr.Bin(BinOp.AND, new Expr.Bin(BinOp.LE, new Expr.IntImm(ScalarType.I32, 0), flat),
                new Expr.Bin(BinOp.LT, flat, new Expr.IntImm(ScalarType.I32, p.size())));
        Stmt fill = new Stmt.For(t, new Expr.IntImm(ScalarType.I32, size), LoopKind.SERIAL,
                new Stmt.If(inRange, new Stmt.Store(tile, t, p.at(flat)), new Stmt.Seq(List.of())));
        Poly startPoly = Poly.of(start);
        Stmt body = new ReadRedirect(p.out(), tile, startPoly).mutate(at.body());
        Stmt fused = Simplify.stmt(new Stmt.Allocate(tile, Stmt.seq(fill, body)), inside);
        Kernel out = LoopSites.replace(consumer, at, new Stmt.For(at.var(), at.extent(), at.kind(), fused));
        return Simplify.kernel(new Kernel(out.name(), p.fusedParams(consumer, out.body()), out.body()));
    }

    private static boolean mentionsAny(Poly.Monomial m, Set<Expr.Var> vars) {
        for (Expr a : m.atoms()) {
            for (Expr.Var v : vars) {
                if (Uses.mentions(a, v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("compute_at(" + producer.name() + ", " + loop + ") in kernel " + k.name() + ": "
                + what);
    }

    @Override
    public String text() {
        return "compute_at(" + LoopPrinter.name(producer.name()) + ", " + LoopPrinter.name(loop) + ")";
    }

    /** Reads of the producer's output become reads of the tile at {@code index - start}, lets seen through. */
    private static final class ReadRedirect extends Mutator {
        private final Buffer out;
        private final Buffer tile;
        private final Poly start;
        private final Map<Expr.Var, Expr> lets = new HashMap<>();

        ReadRedirect(Buffer out, Buffer tile, Poly start) {
            this.out = out;
            this.tile = tile;
            this.start = start;
        }

        @Override
        protected Stmt visit(Stmt.Let s) {
            lets.put(s.var(), Substitute.in(s.value(), lets));
            Stmt r = super.visit(s);
            lets.remove(s.var());
            return r;
        }

        @Override
        protected Expr visit(Expr.Load e) {
            Expr.Load m = (Expr.Load) super.visit(e);
            if (!m.buffer().equals(out)) {
                return m;
            }
            return new Expr.Load(tile, Poly.of(Substitute.in(m.index(), lets)).sub(start).toExpr());
        }
    }
}
