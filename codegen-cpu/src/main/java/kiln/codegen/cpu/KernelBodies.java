package kiln.codegen.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Stmt;

/**
 * Kernels that are the same code up to names: a network repeats blocks of equal shapes, and their kernels
 * differ only in what they are called and which buffers a call binds (arena offsets, weights), which the
 * caller passes. Such kernels share one generated method, so the JIT profiles and compiles each body once
 * instead of once per layer — for a whole network, hundreds of compilations fewer, and steady state reached
 * sooner.
 *
 * <p>Two kernels share a body when their canonical forms are equal: parameters renamed by position, local
 * buffers and variables by order of first appearance, the kernel's name dropped. Renaming is one-to-one, so
 * equal forms compute the same on the same arguments; kernels that merely could be renamed into each other
 * in another order stay apart, which costs a method, never correctness.
 */
final class KernelBodies {
    private KernelBodies() {
    }

    /**
     * The kernels grouped by body, in order of first appearance: for each group, the indices (into
     * {@code kernels}) of its kernels, ascending; the first one's code serves them all.
     */
    static List<List<Integer>> group(List<Kernel> kernels) {
        Map<Kernel, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < kernels.size(); i++) {
            groups.computeIfAbsent(canonical(kernels.get(i)), k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(groups.values());
    }

    /** {@code k} with every name replaced by one that depends only on where it appears. */
    static Kernel canonical(Kernel k) {
        Renamer r = new Renamer();
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : k.params()) {
            params.add(r.buffer(b));
        }
        return new Kernel("", params, r.mutate(k.body()));
    }

    private static final class Renamer extends Mutator {
        private final Map<Buffer, Buffer> buffers = new HashMap<>();
        private final Map<Expr.Var, Expr.Var> vars = new HashMap<>();

        Buffer buffer(Buffer b) {
            return buffers.computeIfAbsent(b, x -> new Buffer("b" + buffers.size(), x.type(), x.size(), x.scope()));
        }

        Expr.Var var(Expr.Var v) {
            return vars.computeIfAbsent(v, x -> new Expr.Var("v" + vars.size(), x.type()));
        }

        @Override
        protected Expr visit(Expr.Var e) {
            return var(e);
        }

        @Override
        protected Expr visit(Expr.Load e) {
            Buffer b = buffer(e.buffer());
            return new Expr.Load(b, mutate(e.index()));
        }

        @Override
        protected Stmt visit(Stmt.For s) {
            Expr.Var v = var(s.var());
            return new Stmt.For(v, mutate(s.extent()), s.kind(), mutate(s.body()));
        }

        @Override
        protected Stmt visit(Stmt.Store s) {
            Buffer b = buffer(s.buffer());
            Expr index = mutate(s.index());
            return new Stmt.Store(b, index, mutate(s.value()));
        }

        @Override
        protected Stmt visit(Stmt.Let s) {
            Expr.Var v = var(s.var());
            Expr value = mutate(s.value());
            return new Stmt.Let(v, value, mutate(s.body()));
        }

        @Override
        protected Stmt visit(Stmt.Allocate s) {
            Buffer b = buffer(s.buffer());
            return new Stmt.Allocate(b, mutate(s.body()));
        }
    }
}
