package kiln.codegen.cpu;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Stmt;

/**
 * Scalar replacement: which local tiles of a kernel become Java local variables — the register tile of a
 * micro-kernel — and which stay arrays. A tile becomes variables when every access, in every unrolled copy,
 * has a constant position ({@link Mode#SCALARS}: one variable per position) or every access is lane
 * {@code w} of vector {@code c} ({@link Mode#VECTORS}: one vector variable per {@code c}; see
 * {@link TilePosition}). A tile accessed inside a parallel loop that it encloses stays an array, since the
 * loop's iterations run on other threads.
 */
final class TilePlan {
    /** Unrolled loops up to this extent are unrolled; longer ones run as loops (and say so). */
    static final int MAX_UNROLL = 64;
    /** More variables than this for one tile would crowd out the JIT's registers: keep an array instead. */
    static final int MAX_SCALARS = 64;
    static final int MAX_VECTORS = 32;
    /** Lanes of 32-bit elements in the widest vector (Loop IR sizes tiles in lanes for it). */
    static final int WIDEST_LANES_32 = 16;

    enum Mode { SCALARS, VECTORS, ARRAY }

    private final Map<Buffer, Usage> usages = new HashMap<>();
    private final int classLanes;

    private static final class Usage {
        final Buffer buffer;
        final int parallelDepth;
        Mode mode;
        final TreeSet<Long> positions = new TreeSet<>();

        Usage(Buffer buffer, int parallelDepth) {
            this.buffer = buffer;
            this.parallelDepth = parallelDepth;
        }

        void access(TilePosition p, int depth) {
            if (mode == Mode.ARRAY) {
                return;
            }
            Mode m = switch (p) {
                case null -> Mode.ARRAY;
                case TilePosition.Slot s when s.position() >= 0 && s.position() < buffer.size() -> Mode.SCALARS;
                case TilePosition.Slot s -> Mode.ARRAY;
                case TilePosition.Lane l when (l.vector() + 1) * l.size() <= buffer.size() -> Mode.VECTORS;
                case TilePosition.Lane l -> Mode.ARRAY;
            };
            if (depth > parallelDepth || (mode != null && mode != m)) {
                m = Mode.ARRAY;
            }
            mode = m;
            if (m != Mode.ARRAY) {
                positions.add(p instanceof TilePosition.Slot s ? s.position() : ((TilePosition.Lane) p).vector());
                if (positions.size() > (m == Mode.SCALARS ? MAX_SCALARS : MAX_VECTORS)) {
                    mode = Mode.ARRAY;
                }
            }
        }
    }

    private TilePlan(int classLanes) {
        this.classLanes = classLanes;
    }

    /** The plan for {@code kernel} in a class whose vectors have {@code classLanes} 32-bit lanes. */
    static TilePlan of(Kernel kernel, int classLanes) {
        TilePlan plan = new TilePlan(classLanes);
        plan.walk(kernel.body(), Facts.EMPTY, 0);
        return plan;
    }

    /** How {@code tile} is kept; a tile that is never accessed is an (empty) set of variables. */
    Mode mode(Buffer tile) {
        Usage u = usages.get(tile);
        return u == null || u.mode == null ? Mode.SCALARS : u.mode;
    }

    /** The number of times an unrolled loop's body is repeated, or -1 when it runs as a loop. */
    static int unrollCount(LoopKind kind, Expr foldedExtent) {
        if (kind == LoopKind.UNROLLED && foldedExtent instanceof Expr.IntImm i && i.value() <= MAX_UNROLL) {
            return (int) Math.max(0, i.value());
        }
        return -1;
    }

    private void walk(Stmt s, Facts facts, int parallelDepth) {
        switch (s) {
            case Stmt.For f -> {
                Expr extent = Fold.fold(f.extent(), facts);
                expr(extent, facts, parallelDepth);
                int copies = unrollCount(f.kind(), extent);
                if (copies >= 0) {
                    for (int i = 0; i < copies; i++) {
                        walk(f.body(), facts.bindConstant(f.var(), i), parallelDepth);
                    }
                } else {
                    int depth = parallelDepth + (f.kind() == LoopKind.PARALLEL ? 1 : 0);
                    walk(f.body(), facts.bindLoop(f.var(), extent, f.kind()), depth);
                }
            }
            case Stmt.Store st -> {
                Expr index = Fold.fold(st.index(), facts);
                expr(index, facts, parallelDepth);
                expr(Fold.fold(st.value(), facts), facts, parallelDepth);
                access(st.buffer(), index, facts, parallelDepth);
            }
            case Stmt.Seq seq -> seq.stmts().forEach(x -> walk(x, facts, parallelDepth));
            case Stmt.If i -> {
                Expr cond = Fold.fold(i.cond(), facts);
                if (cond instanceof Expr.IntImm c) {
                    walk(c.value() != 0 ? i.then() : i.otherwise(), facts, parallelDepth);
                } else {
                    expr(cond, facts, parallelDepth);
                    walk(i.then(), facts, parallelDepth);
                    walk(i.otherwise(), facts, parallelDepth);
                }
            }
            case Stmt.Let l -> {
                Expr value = Fold.fold(l.value(), facts);
                expr(value, facts, parallelDepth);
                walk(l.body(), bindLet(facts, l.var(), value), parallelDepth);
            }
            case Stmt.Allocate a -> {
                usages.putIfAbsent(a.buffer(), new Usage(a.buffer(), parallelDepth));
                walk(a.body(), facts, parallelDepth);
            }
        }
    }

    /** How the planner and the emitter both bind a let: constants become constants. */
    static Facts bindLet(Facts facts, Expr.Var var, Expr folded) {
        return folded instanceof Expr.IntImm c ? facts.bindConstant(var, c.value()) : facts.bindLet(var, folded);
    }

    private void expr(Expr e, Facts facts, int parallelDepth) {
        switch (e) {
            case Expr.Load l -> {
                expr(l.index(), facts, parallelDepth);
                access(l.buffer(), l.index(), facts, parallelDepth);
            }
            case Expr.Bin b -> {
                expr(b.a(), facts, parallelDepth);
                expr(b.b(), facts, parallelDepth);
            }
            case Expr.Un u -> expr(u.a(), facts, parallelDepth);
            case Expr.Fma f -> {
                expr(f.a(), facts, parallelDepth);
                expr(f.b(), facts, parallelDepth);
                expr(f.c(), facts, parallelDepth);
            }
            case Expr.Select sel -> {
                expr(sel.cond(), facts, parallelDepth);
                expr(sel.a(), facts, parallelDepth);
                expr(sel.b(), facts, parallelDepth);
            }
            case Expr.Convert c -> expr(c.a(), facts, parallelDepth);
            case Expr.IntImm i -> {
            }
            case Expr.FloatImm f -> {
            }
            case Expr.Var v -> {
            }
            case Expr.Lanes l -> {
            }
        }
    }

    private void access(Buffer b, Expr foldedIndex, Facts facts, int parallelDepth) {
        if (b.scope() != Buffer.Scope.LOCAL) {
            return;
        }
        Usage u = usages.get(b);
        if (u == null) {
            // Accessed outside any allocation of it: the verifier's business; an array fails loudly.
            u = new Usage(b, -1);
            u.mode = Mode.ARRAY;
            usages.put(b, u);
            return;
        }
        u.access(TilePosition.of(foldedIndex, facts, b.type().bits() == 32, classLanes), parallelDepth);
    }

    /** The positions (SCALARS) or vector numbers (VECTORS) of a tile that code accesses, ascending. */
    TreeSet<Long> positions(Buffer tile) {
        Usage u = usages.get(tile);
        return u == null ? new TreeSet<>() : u.positions;
    }
}
