package kiln.passes.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Poly;
import kiln.ir.loop.Program;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * Epilogue fusion over a whole program: every pointwise kernel call (bias, batch norm, activation, residual
 * add, scale, cast — any {@link Pointwise} kernel) that reads a temporary only at the element it writes is
 * folded into the call that produced the temporary ({@link Epilogue}), which then writes the pointwise
 * kernel's output directly; the pointwise call and the temporary's storage disappear. Repeats until nothing
 * fuses, so a chain (conv → bias → ReLU, or add → ReLU → multiply) collapses into its first kernel.
 *
 * <p>A consumer call C fuses into the producer call P of a storage S when:
 * <ul>
 *   <li>S is a temporary that P alone writes and C alone reads (a value with another use stays in memory);</li>
 *   <li>C's other inputs are complete when P runs: no call from P up to C writes them, and none touches C's
 *       output (C's work moves up to P's place in the program);</li>
 *   <li>the epilogue costs less than the memory pass it saves: the consumer's indexing, expressed in the
 *       producer's loops, simplifies to affine arithmetic (no division or remainder left that neither kernel
 *       had), and along each loop in which the producer's store is unit-stride (a future vector axis) the
 *       epilogue's own reads move by at most two elements, as the scheduler's register tiling asks of every
 *       read.</li>
 * </ul>
 * Of several temporaries C reads in place (an add of two convolutions), the latest-written is tried first.
 *
 * <p>Run after lowering and before scheduling: the fused kernel is scheduled like any other, and once its
 * accumulator is register-tiled the epilogue sits in the tile's write-back. Requires: a program from
 * lowering (naive kernels, storage not yet placed). Establishes: the same outputs, bit for bit under the
 * loop interpreter (no arithmetic is reordered); fewer calls and less temporary storage; kernel names stay
 * unique.
 */
public final class ProgramFusion {
    private ProgramFusion() {
    }

    public static Program fuse(Program p) {
        return fuse(p, (kernel, parts) -> {
        });
    }

    /**
     * Fuses as {@link #fuse(Program)} and tells {@code parts}, for each kernel of the result that fusion made,
     * the names of the lowered kernels it combines, producer first (to trace a fused kernel back to the graph
     * nodes lowering made its parts from).
     */
    public static Program fuse(Program p, BiConsumer<String, List<String>> parts) {
        Map<String, List<String>> made = new LinkedHashMap<>();
        Program current = p;
        for (Fusion f = fuseOne(current); f != null; f = fuseOne(current)) {
            List<String> combined = new ArrayList<>(made.getOrDefault(f.producer(), List.of(f.producer())));
            combined.addAll(made.getOrDefault(f.consumer(), List.of(f.consumer())));
            made.remove(f.producer());
            made.remove(f.consumer());
            made.put(f.fused(), List.copyOf(combined));
            current = f.program();
        }
        Set<String> names = new HashSet<>();
        current.calls().forEach(c -> names.add(c.kernel().name()));
        made.forEach((name, combined) -> {
            if (names.contains(name)) {
                parts.accept(name, combined);
            }
        });
        return current;
    }

    /** One fusion: the program after it, and the names of the kernels it combined and made. */
    private record Fusion(Program program, String producer, String consumer, String fused) {
    }

    /** The program with one consumer fused, or null when none fuses. */
    private static Fusion fuseOne(Program p) {
        List<Program.Call> calls = p.calls();
        for (int ci = 0; ci < calls.size(); ci++) {
            Program.Call consumer = calls.get(ci);
            Pointwise pw = Pointwise.of(consumer.kernel());
            if (pw == null) {
                continue;
            }
            for (Candidate c : candidates(p, ci, pw)) {
                Program fused = tryFuse(p, c.producer(), ci, c.storage(), pw);
                if (fused != null) {
                    return new Fusion(fused, calls.get(c.producer()).kernel().name(), consumer.kernel().name(),
                            fused.calls().get(c.producer()).kernel().name());
                }
            }
        }
        return null;
    }

    private record Candidate(int producer, Program.Storage storage) {
    }

    /** Temporaries the consumer reads in place, with their single writer, latest writer first. */
    private static List<Candidate> candidates(Program p, int ci, Pointwise pw) {
        Program.Call consumer = p.calls().get(ci);
        List<Candidate> out = new ArrayList<>();
        Set<Program.Storage> seen = new HashSet<>();
        for (int i = 0; i < consumer.args().size(); i++) {
            Program.Storage s = consumer.args().get(i);
            Buffer param = consumer.kernel().params().get(i);
            if (s.role() != Program.Role.TEMP || !seen.add(s) || param.equals(pw.out())
                    || !paramsOf(consumer, s).stream().allMatch(pw::readsOnlyInPlace)) {
                continue;
            }
            int writer = -1;
            boolean single = true;
            for (int k = 0; k < p.calls().size(); k++) {
                Program.Call c = p.calls().get(k);
                if (k != ci && paramsOf(c, s).stream().anyMatch(b -> Uses.read(c.kernel().body()).contains(b))) {
                    single = false;
                }
                if (paramsOf(c, s).stream().anyMatch(b -> Uses.written(c.kernel().body()).contains(b))) {
                    single &= writer < 0;
                    writer = k;
                }
            }
            if (single && writer >= 0 && writer < ci) {
                out.add(new Candidate(writer, s));
            }
        }
        out.sort((a, b) -> Integer.compare(b.producer(), a.producer()));
        return out;
    }

    private static Program tryFuse(Program p, int pi, int ci, Program.Storage via, Pointwise pw) {
        Program.Call producer = p.calls().get(pi);
        Program.Call consumer = p.calls().get(ci);
        Program.Storage out = storageOf(consumer, pw.out());
        List<Buffer> viaParams = paramsOf(producer, via);
        if (viaParams.size() != 1 || out == null || paramsOf(consumer, out).size() != 1) {
            return null;
        }
        Buffer viaParam = viaParams.getFirst();
        for (int k = pi; k < ci; k++) {
            Program.Call c = p.calls().get(k);
            Set<Buffer> written = Uses.written(c.kernel().body());
            for (int a = 0; a < c.args().size(); a++) {
                Program.Storage s = c.args().get(a);
                boolean writes = written.contains(c.kernel().params().get(a));
                if (s.equals(out) || writes && !s.equals(via) && consumer.args().contains(s)) {
                    return null;
                }
            }
        }
        // Name the consumer's parameters as the producer names the same storage, the rest afresh.
        Set<String> taken = new HashSet<>(Uses.names(producer.kernel()));
        Map<Buffer, Buffer> rename = new LinkedHashMap<>();
        Map<Buffer, Program.Storage> bound = new HashMap<>();
        for (int i = 0; i < producer.args().size(); i++) {
            bound.put(producer.kernel().params().get(i), producer.args().get(i));
        }
        for (int i = 0; i < consumer.args().size(); i++) {
            Buffer b = consumer.kernel().params().get(i);
            Program.Storage s = consumer.args().get(i);
            Buffer same = s.equals(via) ? viaParam : sameStorage(producer, s, b);
            if (same == null) {
                same = new Buffer(Uses.fresh(b.name(), taken), b.type(), b.size(), Buffer.Scope.GLOBAL);
                taken.add(same.name());
            }
            if (s.equals(via) && (same.type() != b.type() || same.size() != b.size())) {
                return null;
            }
            rename.put(b, same);
            bound.put(same, s);
        }
        Kernel renamed = renameParams(consumer.kernel(), rename);
        Kernel fused;
        try {
            fused = Epilogue.fuse(producer.kernel(), renamed, viaParam, kernelName(p, producer, consumer));
        } catch (FusionException e) {
            return null;
        }
        try {
            LoopVerifier.verify(fused);
        } catch (RuntimeException e) {
            throw new IllegalStateException("epilogue fusion made an ill-formed kernel: " + e.getMessage()
                    + "\nproducer:\n" + LoopPrinter.print(producer.kernel()) + "consumer:\n"
                    + LoopPrinter.print(consumer.kernel()), e);
        }
        Set<Buffer> introduced = new HashSet<>(fused.params());
        introduced.removeAll(producer.kernel().params());
        if (divisions(fused) > divisions(producer.kernel()) + divisions(consumer.kernel())
                || !contiguousEpilogue(fused, rename.get(pw.out()), introduced)) {
            return null;
        }
        List<Program.Call> calls = new ArrayList<>(p.calls());
        calls.set(pi, new Program.Call(fused, fused.params().stream().map(bound::get).toList()));
        calls.remove(ci);
        Set<Program.Storage> used = new HashSet<>();
        calls.forEach(c -> used.addAll(c.args()));
        p.inputs().forEach(b -> used.add(b.storage()));
        p.outputs().forEach(b -> used.add(b.storage()));
        List<Program.Storage> storage = p.storage().stream()
                .filter(s -> s.role() != Program.Role.TEMP || used.contains(s)).toList();
        return new Program(p.name(), storage, calls, p.inputs(), p.outputs());
    }

    /** The producer's parameter bound to {@code s} with the type and size of {@code b}, or null. */
    private static Buffer sameStorage(Program.Call producer, Program.Storage s, Buffer b) {
        for (int i = 0; i < producer.args().size(); i++) {
            Buffer q = producer.kernel().params().get(i);
            if (producer.args().get(i).equals(s) && q.type() == b.type() && q.size() == b.size()) {
                return q;
            }
        }
        return null;
    }

    private static List<Buffer> paramsOf(Program.Call c, Program.Storage s) {
        List<Buffer> out = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            if (c.args().get(i).equals(s)) {
                out.add(c.kernel().params().get(i));
            }
        }
        return out;
    }

    private static Program.Storage storageOf(Program.Call c, Buffer param) {
        int i = c.kernel().params().indexOf(param);
        return i < 0 ? null : c.args().get(i);
    }

    /** The kernel with its parameters replaced as {@code rename} says (two may become one). */
    private static Kernel renameParams(Kernel k, Map<Buffer, Buffer> rename) {
        Stmt body = new Mutator() {
            @Override
            protected Expr visit(Expr.Load e) {
                Expr.Load m = (Expr.Load) super.visit(e);
                Buffer to = rename.get(m.buffer());
                return to == null ? m : new Expr.Load(to, m.index());
            }

            @Override
            protected Stmt visit(Stmt.Store s) {
                Stmt.Store m = (Stmt.Store) super.visit(s);
                Buffer to = rename.get(m.buffer());
                return to == null ? m : new Stmt.Store(to, m.index(), m.value());
            }
        }.mutate(k.body());
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : k.params()) {
            Buffer to = rename.getOrDefault(b, b);
            if (!params.contains(to)) {
                params.add(to);
            }
        }
        return new Kernel(k.name(), params, body);
    }

    /** {@code producer_consumer}, unique among the program's kernel names. */
    private static String kernelName(Program p, Program.Call producer, Program.Call consumer) {
        Set<String> names = new HashSet<>();
        p.calls().forEach(c -> names.add(c.kernel().name()));
        return Uses.fresh(producer.kernel().name() + "_" + consumer.kernel().name(), names);
    }

    /**
     * True when, at every store to {@code out}, each read of an {@code introduced} buffer in the store or
     * in the lets around it moves by 0, 1 or 2 elements along each loop in which the store moves by one.
     */
    static boolean contiguousEpilogue(Kernel k, Buffer out, Set<Buffer> introduced) {
        return contiguous(k.body(), out, introduced, new ArrayList<>(), new HashMap<>(), new ArrayList<>());
    }

    private static boolean contiguous(Stmt s, Buffer out, Set<Buffer> introduced, List<Expr.Var> loops,
            Map<Expr.Var, Expr> lets, List<Expr> letValues) {
        switch (s) {
            case Stmt.For f -> {
                loops.add(f.var());
                boolean ok = contiguous(f.body(), out, introduced, loops, lets, letValues);
                loops.removeLast();
                return ok;
            }
            case Stmt.Let l -> {
                Expr value = Substitute.in(l.value(), lets);
                lets.put(l.var(), value);
                letValues.add(value);
                boolean ok = contiguous(l.body(), out, introduced, loops, lets, letValues);
                letValues.removeLast();
                lets.remove(l.var());
                return ok;
            }
            case Stmt.Seq q -> {
                for (Stmt c : q.stmts()) {
                    if (!contiguous(c, out, introduced, loops, lets, letValues)) {
                        return false;
                    }
                }
                return true;
            }
            case Stmt.If i -> {
                return contiguous(i.then(), out, introduced, loops, lets, letValues)
                        && contiguous(i.otherwise(), out, introduced, loops, lets, letValues);
            }
            case Stmt.Allocate a -> {
                return contiguous(a.body(), out, introduced, loops, lets, letValues);
            }
            case Stmt.Store st -> {
                if (!st.buffer().equals(out)) {
                    return true;
                }
                Poly at = Poly.of(Substitute.in(st.index(), lets));
                List<Expr> reads = new ArrayList<>(letValues);
                reads.add(Substitute.in(st.value(), lets));
                for (Expr.Var v : loops) {
                    if (at.coefficient(v) != 1 || !at.isLinearIn(v)) {
                        continue;
                    }
                    for (Expr e : reads) {
                        for (Expr.Load l : Uses.loads(e)) {
                            if (!introduced.contains(l.buffer())) {
                                continue;
                            }
                            Poly index = Poly.of(l.index());
                            long c = index.coefficient(v);
                            if (!index.isLinearIn(v) || c < 0 || c > 2) {
                                return false;
                            }
                        }
                    }
                }
                return true;
            }
        }
    }

    /** Integer divisions and remainders in the kernel: index arithmetic the simplifier could not resolve. */
    static int divisions(Kernel k) {
        int[] n = {0};
        Uses.forEach(k.body(), s -> {
        }, e -> {
            if (e instanceof Expr.Bin b && (b.op() == BinOp.FLOORDIV || b.op() == BinOp.MOD || b.op() == BinOp.DIV)
                    && b.type().isInteger()) {
                n[0]++;
            }
        });
        return n[0];
    }
}
