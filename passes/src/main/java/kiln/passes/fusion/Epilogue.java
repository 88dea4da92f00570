package kiln.passes.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Mutator;
import kiln.ir.loop.Simplify;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * Epilogue fusion of two kernels: a pointwise consumer ({@link Pointwise}) of the buffer {@code via} that
 * the producer writes is computed where the producer stores each element of via, from the value being
 * stored, and the element goes straight to the consumer's output. Every store {@code via[e] = v} of the
 * producer becomes
 *
 * <pre>
 * let via_v = v { let ... { out[e] = f(via_v, other[coordinates of e]) } }
 * </pre>
 *
 * so a bias, an activation, a residual add or a scale runs on the value while it is still in a register
 * (once the producer is register-tiled, in the tile's write-back), instead of a second pass over memory.
 * The producer can be any kernel: a convolution, a matmul, a norm, or another pointwise kernel (fusing
 * chains of elementwise kernels).
 *
 * <pre>
 * producer: for o, p { allocate acc { acc[0] = 0.0; for c { acc[0] = fma(..) }; t[o*30 + p] = acc[0] + b[o] } }
 * consumer: for i in 0..120 { y[i] = max(t[i], 0.0) }
 * --&gt;       for o, p { allocate acc { acc[0] = 0.0; for c { ... }; y[o*30 + p] = max(acc[0] + b[o], 0.0) } }
 * </pre>
 *
 * <p>Requires: the producer writes via and never reads it; the consumer reads via only at the element it
 * writes, writes nothing else, and does not share its output's name with anything in the producer; every
 * other buffer both kernels name is the same parameter, not written by the producer. Buffers are matched by
 * name, as {@code inline} matches them; the caller ({@link ProgramFusion}) names them so. Establishes: a
 * kernel that, run where the producer ran, writes what the producer wrote except via, and what the consumer
 * wrote, bit for bit (the consumer's arithmetic is unchanged; only where it happens moves); via is no
 * longer a parameter. Throws {@link FusionException} when a requirement does not hold.
 */
public final class Epilogue {
    private Epilogue() {
    }

    public static Kernel fuse(Kernel producer, Kernel consumer, Buffer via, String name) {
        Pointwise pw = Pointwise.of(consumer);
        if (pw == null) {
            throw error(producer, consumer, "the consumer is not one perfect loop nest storing each element once");
        }
        check(producer, consumer, pw, via);
        Set<String> taken = new HashSet<>(Uses.names(producer));
        taken.addAll(Uses.names(consumer));
        Expr.Var stored = new Expr.Var(Uses.fresh(via.name() + "_v", taken), via.type());
        taken.add(stored.name());
        Map<Expr.Var, Expr.Var> renamed = new HashMap<>();
        for (Pointwise.Binding l : pw.lets()) {
            Expr.Var fresh = new Expr.Var(Uses.fresh(l.var().name(), taken), l.var().type());
            taken.add(fresh.name());
            renamed.put(l.var(), fresh);
        }
        Stmt body = new Mutator() {
            /** The lets around the statement being visited, so coordinates see through them. */
            private final Map<Expr.Var, Expr> lets = new HashMap<>();

            @Override
            protected Stmt visit(Stmt.Let s) {
                lets.put(s.var(), Substitute.in(s.value(), lets));
                Stmt r = super.visit(s);
                lets.remove(s.var());
                return r;
            }

            @Override
            protected Stmt visit(Stmt.Store s) {
                if (!s.buffer().equals(via)) {
                    return super.visit(s);
                }
                Map<Expr.Var, Expr> at = new HashMap<>(pw.coordinates(Substitute.in(s.index(), lets)));
                at.putAll(renamed);
                Stmt inner = new Stmt.Store(pw.out(), s.index(), readVia(pw.value(), at));
                List<Pointwise.Binding> lets = pw.lets();
                for (int i = lets.size() - 1; i >= 0; i--) {
                    inner = new Stmt.Let(renamed.get(lets.get(i).var()), readVia(lets.get(i).value(), at), inner);
                }
                return new Stmt.Let(stored, s.value(), inner);
            }

            private Expr readVia(Expr e, Map<Expr.Var, Expr> at) {
                return new Mutator() {
                    @Override
                    protected Expr visit(Expr.Load l) {
                        return l.buffer().equals(via) ? stored : super.visit(l);
                    }
                }.mutate(Substitute.in(e, at));
            }
        }.mutate(producer.body());
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : producer.params()) {
            if (!b.equals(via)) {
                params.add(b);
            }
        }
        for (Buffer b : consumer.params()) {
            if (!b.equals(via) && !params.contains(b)) {
                params.add(b);
            }
        }
        return Simplify.kernel(new Kernel(name, params, body));
    }

    private static void check(Kernel producer, Kernel consumer, Pointwise pw, Buffer via) {
        if (!producer.params().contains(via) || !consumer.params().contains(via)) {
            throw error(producer, consumer, "both kernels must have the parameter " + via.name());
        }
        Set<Buffer> written = Uses.written(producer.body());
        if (!written.contains(via) || Uses.read(producer.body()).contains(via)) {
            throw error(producer, consumer, "the producer must write " + via.name() + " and not read it");
        }
        if (pw.out().equals(via) || !pw.readsOnlyInPlace(via)) {
            throw error(producer, consumer, "the consumer must read " + via.name() + " only at the element it writes");
        }
        Set<String> producerNames = Uses.names(producer);
        for (Buffer b : consumer.params()) {
            if (b.equals(via)) {
                continue;
            }
            if (b.equals(pw.out()) && producerNames.contains(b.name())) {
                throw error(producer, consumer, "the producer already names the consumer's output " + b.name());
            }
            boolean shared = producer.params().contains(b);
            if (shared && written.contains(b)) {
                throw error(producer, consumer, "the producer writes " + b.name() + ", which the consumer reads");
            }
            if (!shared && producerNames.contains(b.name())) {
                throw error(producer, consumer, "the name " + b.name() + " means different things in the two kernels");
            }
        }
    }

    private static FusionException error(Kernel producer, Kernel consumer, String what) {
        return new FusionException("epilogue(" + producer.name() + ", " + consumer.name() + "): " + what);
    }
}
