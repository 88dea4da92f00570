package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * An accumulation nest, the shape lowering gives a reduction and both register-tiling strategies
 * ({@link OuterProductTiling}, {@link DepthwiseTiling}) start from: a band of serial output loops of constant
 * extents around a one-element f32 accumulator, whose body is one band of reduction loops of constant extents
 * updating it by {@code acc = fma(a, b, acc)}, and statements without loops after it (the epilogue, the store).
 *
 * @param band      the output loops, down to the accumulator
 * @param acc       the accumulator
 * @param stmts     the accumulator's body: the reduction loop and the statements around it
 * @param reduction the reduction loops, down to the update
 * @param a         the update's first operand, with the lets of both bands substituted
 * @param b         its second operand, likewise
 * @param lets      the let-bound values of both bands, each with the ones before it substituted
 */
record Accumulation(Band band, Buffer acc, List<Stmt> stmts, Band reduction, Expr.Load a, Expr.Load b,
        Map<Expr.Var, Expr> lets) {

    /** The accumulation nest at {@code top}, or null when the loop is not one. */
    static Accumulation of(Stmt.For top) {
        Band band = Band.from(top);
        if (!(band.body() instanceof Stmt.Allocate alloc) || alloc.buffer().size() != 1
                || alloc.buffer().type() != ScalarType.F32) {
            return null;
        }
        List<Stmt> stmts = alloc.body() instanceof Stmt.Seq q ? q.stmts() : List.of(alloc.body());
        Stmt.For red = null;
        for (Stmt s : stmts) {
            if (s instanceof Stmt.For r) {
                if (red != null) {
                    return null;
                }
                red = r;
            } else if (Uses.containsLoop(s)) {
                return null;
            }
        }
        if (red == null || band.loops().stream().anyMatch(l -> l.kind() != LoopKind.SERIAL
                || !(l.extent() instanceof Expr.IntImm))) {
            return null;
        }
        Band reduction = Band.from(red);
        if (!(reduction.body() instanceof Stmt.Store st) || !st.buffer().equals(alloc.buffer())
                || !(st.value() instanceof Expr.Fma fma) || !fma.c().equals(new Expr.Load(alloc.buffer(), st.index()))
                || !(fma.a() instanceof Expr.Load x) || !(fma.b() instanceof Expr.Load y)
                || reduction.loops().stream().anyMatch(l -> !(l.extent() instanceof Expr.IntImm))) {
            return null;
        }
        Map<Expr.Var, Expr> lets = new HashMap<>();
        for (Band b : List.of(band, reduction)) {
            for (Stmt w : b.wrappers()) {
                if (w instanceof Stmt.Let l) {
                    lets.put(l.var(), Substitute.in(l.value(), lets));
                }
            }
        }
        return new Accumulation(band, alloc.buffer(), stmts, reduction,
                new Expr.Load(x.buffer(), Substitute.in(x.index(), lets)),
                new Expr.Load(y.buffer(), Substitute.in(y.index(), lets)), lets);
    }

    /** The indices of the global stores after the reduction, lets substituted, as loads, in program order. */
    List<Expr.Load> globalStores() {
        List<Expr.Load> found = new ArrayList<>();
        for (Stmt s : stmts) {
            for (Stmt.Store st : Uses.stores(s)) {
                if (st.buffer().scope() == Buffer.Scope.GLOBAL) {
                    found.add(new Expr.Load(st.buffer(), Substitute.in(st.index(), lets)));
                }
            }
        }
        return found;
    }

    /** The constant coefficient of {@code v} in the load's index; null when it is not a constant, or no load. */
    static Long coefficient(Expr.Load l, Expr.Var v) {
        if (l == null) {
            return null;
        }
        Poly c = Dependence.coefficient(Poly.of(l.index()), v);
        return c != null && c.isConstant() ? c.constant() : null;
    }

    /** The constant extent of a loop of the nest, 0 for no loop. */
    static long extent(Stmt.For f) {
        return f == null ? 0 : ((Expr.IntImm) f.extent()).value();
    }
}
