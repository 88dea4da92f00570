package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Bounds;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Facts;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * {@code tile_accumulator(at)}: register blocking. Inside loop {@code at}, the perfect nest of tile
 * loops (say {@code ii}, {@code ji}) reaches a body that accumulates into one element per tile point: a
 * store target {@code C[e]} invariant over the reduction loops in the body. The accumulator becomes a
 * local tile allocated in {@code at}, one element per tile point, and the body is split into phases, each
 * looping over the tile: initialisation, then the reduction loops <em>outside</em> the tile loops, then the
 * epilogue and the write-back of the tile to C.
 *
 * <pre>
 * for jo { for ji vectorized { for ii unrolled {
 *   allocate acc: f32[1] { acc[0] = 0.0; for k { acc[0] = fma(a, b, acc[0]) }; C[e] = acc[0] } } } }
 * --tile_accumulator(jo)--&gt;
 * for jo { allocate acc_tile: f32[64] {
 *   for ji vectorized { for ii unrolled { acc_tile[ii*lanes(f32) + ji] = 0.0 } }
 *   for k { for ji vectorized { for ii unrolled { acc_tile[..] = fma(a, b, acc_tile[..]) } } }
 *   for ji vectorized { for ii unrolled { C[e] = acc_tile[ii*lanes(f32) + ji] } } } }
 * </pre>
 *
 * <p>With the tile loops unrolled and the innermost vectorized, every tile access has a constant position
 * once unrolled, so the code generator keeps the tile in registers. The accumulator is either a local
 * buffer allocated right at the body (then it is private to a tile point), or any buffer accessed at one
 * index e in the body, which either differs for every tile point or is overwritten first at each point.
 * Other buffers written in the body (an epilogue's output) must differ per tile point and not be read
 * there. The tile has one element per point: the product of the tile loops' extents at the widest vector,
 * laid out row-major in nest order but with vectorized loops varying fastest.
 */
public record TileAccumulator(String at) implements Step {

    @Override
    public Kernel apply(Kernel k) {
        LoopSites.Site site = LoopSites.unique(k, at);
        Stmt.For atLoop = site.loop();
        Facts inside = site.facts().withLoop(atLoop.var(), atLoop.extent());
        if (!(atLoop.body() instanceof Stmt.For)) {
            throw error(k, "the body of " + at + " is not a loop nest to tile");
        }
        // The tile loops index what the body stores; the first loop that does not is a reduction.
        Band tile = Band.whileLoops(atLoop.body(), f -> Dependence.accesses(f).stream()
                .anyMatch(x -> x.write() && Uses.mentions(x.index(), f.var())));
        if (tile.loops().isEmpty()) {
            throw error(k, "no loop inside " + at + " indexes what its body stores");
        }
        List<Stmt.For> tileLoops = tile.loops();
        long size = 1;
        for (Stmt.For f : tileLoops) {
            if (!Uses.vars(f.extent()).isEmpty()) {
                throw error(k, "tile loop " + f.var().name() + " has extent " + LoopPrinter.print(f.extent())
                        + ", which is not a constant or a multiple of lanes");
            }
            size = Math.multiplyExact(size, Bounds.range(f.extent(), Facts.EMPTY).hi());
        }
        Stmt body = tile.body();
        Buffer acc;
        boolean privateAcc = body instanceof Stmt.Allocate;
        List<Stmt> stmts;
        if (body instanceof Stmt.Allocate a) {
            acc = a.buffer();
            stmts = statements(a.body());
        } else {
            stmts = statements(body);
            acc = accumulatorOf(k, stmts);
        }
        if (stmts.stream().noneMatch(s -> s instanceof Stmt.For)) {
            throw error(k, "the body of the tile has no reduction loop");
        }
        Dependence.Access target = checkAccesses(k, atLoop.body(), acc, stmts, tileLoops, inside, privateAcc);
        boolean killed = privateAcc || killedFirst(stmts, acc);
        if (!privateAcc && !killed && !apartOverTile(target, tileLoops, inside)) {
            throw error(k, acc.name() + "[" + LoopPrinter.print(target.index()) + "] is the same element for different "
                    + "tile points and is not overwritten first");
        }

        Buffer tileBuf = new Buffer(Uses.fresh(acc.name() + "_tile", Uses.names(k)), acc.type(), size, Buffer.Scope.LOCAL);
        Expr position = position(tileLoops);
        Mutator redirect = redirect(acc, tileBuf, position);
        List<Stmt> phases = new ArrayList<>();
        Set<Expr.Var> tileScope = tile.bound();
        if (!privateAcc && !killed) {
            phases.add(Band.build(tileLoops, tile.wrappers(), tileScope,
                    new Stmt.Store(tileBuf, position, new Expr.Load(acc, target.index()))));
        }
        List<Stmt> group = new ArrayList<>();
        for (Stmt s : stmts) {
            if (s instanceof Stmt.For r) {
                flush(group, null, phases, tile, redirect);
                Band rb = Band.from(r);
                List<Stmt.For> loops = new ArrayList<>(rb.loops());
                loops.addAll(tileLoops);
                List<Stmt> wrappers = new ArrayList<>(rb.wrappers());
                wrappers.addAll(tile.wrappers());
                Set<Expr.Var> scope = new HashSet<>(rb.bound());
                scope.addAll(tileScope);
                phases.add(Band.build(loops, wrappers, scope, redirect.mutate(rb.body())));
            } else {
                group.add(s);
            }
        }
        Stmt writeBack = privateAcc ? null : new Stmt.Store(acc, target.index(), new Expr.Load(tileBuf, position));
        flush(group, writeBack, phases, tile, redirect);
        Stmt newBody = new Stmt.Allocate(tileBuf, new Stmt.Seq(phases));
        Stmt loop = new Stmt.For(atLoop.var(), atLoop.extent(), atLoop.kind(), Simplify.stmt(newBody, inside));
        return LoopSites.replace(k, atLoop, loop);
    }

    @Override
    public String text() {
        return "tile_accumulator(" + LoopPrinter.name(at) + ")";
    }

    private ScheduleException error(Kernel k, String what) {
        return new ScheduleException("tile_accumulator(" + at + ") in kernel " + k.name() + ": " + what);
    }

    private static List<Stmt> statements(Stmt s) {
        return s instanceof Stmt.Seq q ? q.stmts() : List.of(s);
    }

    /** The one buffer stored to inside the body's loops. */
    private Buffer accumulatorOf(Kernel k, List<Stmt> stmts) {
        Set<Buffer> written = new HashSet<>();
        for (Stmt s : stmts) {
            if (s instanceof Stmt.For) {
                written.addAll(Uses.written(s));
            }
        }
        if (written.size() != 1) {
            throw error(k, "the reduction loops of the body must store to one buffer, not " + written);
        }
        return written.iterator().next();
    }

    /**
     * Checks that the accumulator is accessed at one index e everywhere in the body, that the reduction
     * loops write nothing else, and that other writes differ per tile point and are not read; returns the
     * accumulator's access (e with lets substituted, in the tile's context).
     */
    private Dependence.Access checkAccesses(Kernel k, Stmt region, Buffer acc, List<Stmt> stmts,
            List<Stmt.For> tileLoops, Facts inside, boolean privateAcc) {
        List<Dependence.Access> all = Dependence.accesses(region);
        Dependence.Access first = null;
        if (privateAcc) {
            // The accumulator is allocated inside the region, so the region's access list leaves it out.
            all = new ArrayList<>(all);
            for (Stmt s : stmts) {
                for (Dependence.Access x : Dependence.accesses(s)) {
                    if (x.buffer().equals(acc)) {
                        all.add(x);
                    }
                }
            }
        }
        Set<Buffer> read = new HashSet<>();
        for (Dependence.Access x : all) {
            if (!x.write()) {
                read.add(x.buffer());
            }
        }
        for (Dependence.Access x : all) {
            if (x.buffer().equals(acc)) {
                if (first == null) {
                    first = x;
                } else if (!Poly.of(first.index()).equals(Poly.of(x.index()))) {
                    throw error(k, acc.name() + " is accessed both at " + LoopPrinter.print(first.index()) + " and at "
                            + LoopPrinter.print(x.index()));
                }
            } else if (x.write()) {
                if (read.contains(x.buffer())) {
                    throw error(k, x.buffer().name() + " is both written and read in the tile");
                }
                if (!Dependence.equalOnCollision(x, x, inside).containsAll(vars(tileLoops))) {
                    throw error(k, "different tile points may write the same element of " + x.buffer().name());
                }
            }
        }
        for (Stmt s : stmts) {
            if (s instanceof Stmt.For r && !Uses.written(r).stream().allMatch(b -> b.equals(acc))) {
                throw error(k, "reduction loop " + r.var().name() + " writes more than the accumulator");
            }
        }
        if (first == null) {
            throw error(k, "no access to the accumulator " + acc.name());
        }
        for (Stmt s : stmts) {
            Dependence.Access target = first;
            Uses.forEach(s, n -> {
                if (n instanceof Stmt.For r && Uses.mentions(target.index(), r.var())) {
                    throw error(k, "the accumulator index " + LoopPrinter.print(target.index()) + " varies in loop "
                            + r.var().name());
                }
            }, e -> {
            });
        }
        return first;
    }

    /** True when, before anything reads it, the body's first access to acc overwrites it unconditionally. */
    private static boolean killedFirst(List<Stmt> stmts, Buffer acc) {
        for (Stmt s : stmts) {
            if (!Uses.accesses(s, acc)) {
                continue;
            }
            return s instanceof Stmt.Store st && st.buffer().equals(acc) && !Uses.reads(st.value(), acc)
                    && !Uses.reads(st.index(), acc);
        }
        return false;
    }

    private static boolean apartOverTile(Dependence.Access target, List<Stmt.For> tileLoops, Facts inside) {
        return Dependence.equalOnCollision(target, target, inside).containsAll(vars(tileLoops));
    }

    private static List<Expr.Var> vars(List<Stmt.For> loops) {
        return loops.stream().map(Stmt.For::var).toList();
    }

    /**
     * The position of a tile point: row-major over the tile loops in nest order, except that vectorized
     * loops vary fastest, so that one vector of lanes is one contiguous piece of the tile.
     */
    private static Expr position(List<Stmt.For> tileLoops) {
        List<Stmt.For> layout = new ArrayList<>();
        tileLoops.stream().filter(f -> f.kind() != LoopKind.VECTORIZED).forEach(layout::add);
        tileLoops.stream().filter(f -> f.kind() == LoopKind.VECTORIZED).forEach(layout::add);
        Expr pos = new Expr.IntImm(ScalarType.I32, 0);
        for (Stmt.For f : layout) {
            pos = new Expr.Bin(BinOp.ADD, new Expr.Bin(BinOp.MUL, pos, f.extent()), f.var());
        }
        return Simplify.expr(pos);
    }

    /** Every access to {@code acc} becomes an access to the tile at {@code position}. */
    private static Mutator redirect(Buffer acc, Buffer tile, Expr position) {
        return new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                return e.buffer().equals(acc) ? new Expr.Load(tile, position) : super.visit(e);
            }

            @Override
            protected Stmt visit(Stmt.Store s) {
                if (s.buffer().equals(acc)) {
                    return new Stmt.Store(tile, position, mutate(s.value()));
                }
                return super.visit(s);
            }

            @Override
            protected Stmt visit(Stmt.Allocate s) {
                return s.buffer().equals(acc) ? mutate(s.body()) : super.visit(s);
            }
        };
    }

    /** Emits the statements gathered so far, then {@code last} as it is, as one phase looping over the tile. */
    private static void flush(List<Stmt> group, Stmt last, List<Stmt> phases, Band tile, Mutator redirect) {
        List<Stmt> body = new ArrayList<>();
        group.forEach(s -> body.add(redirect.mutate(s)));
        if (last != null) {
            body.add(last);
        }
        if (!body.isEmpty()) {
            phases.add(Band.build(tile.loops(), tile.wrappers(), tile.bound(), body.size() == 1 ? body.getFirst()
                    : new Stmt.Seq(body)));
        }
        group.clear();
    }
}
