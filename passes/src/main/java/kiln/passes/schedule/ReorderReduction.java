package kiln.passes.schedule;

import java.util.List;
import java.util.Set;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/**
 * {@code reorder_reduction(a, b, c)}: like {@link Reorder}, but for the loops of a sum, which a reorder may
 * not swap: the named loops of one perfect band take the positions they held in the order given, when every
 * store in the band is an accumulation {@code acc[e] = acc[e] + v} or {@code acc[e] = fma(x, y, acc[e])} at an
 * index e that none of the named loops moves, and nothing else in the band reads or writes the accumulator.
 * The terms are then added in another order: the result differs by rounding only (for a sum of K f32 terms,
 * by about √K·2⁻²⁴ of the terms' norm either way), which is why only schedules that accept it use this.
 *
 * <pre>
 * for c { for ky { for kx { if 0 &lt;= y + ky - 1 { acc[0] = fma(x[..], w[..], acc[0]) } } } }
 * --reorder_reduction(ky, kx, c)--&gt;
 * for ky { if 0 &lt;= y + ky - 1 { for kx { for c { acc[0] = fma(x[..], w[..], acc[0]) } } } }
 * </pre>
 */
public record ReorderReduction(List<String> loops) implements Step {

    public ReorderReduction {
        loops = List.copyOf(loops);
        if (loops.size() < 2 || Set.copyOf(loops).size() != loops.size()) {
            throw new ScheduleException("reorder_reduction needs two or more different loops, not " + loops);
        }
    }

    @Override
    public Kernel apply(Kernel k) {
        Reorder.Permutation p = Reorder.Permutation.of(k, loops, text());
        checkAccumulations(k, p.band().body(),
                p.old().stream().map(Stmt.For::var).filter(v -> loops.contains(v.name())).toList());
        return p.apply(k);
    }

    /** Every store of {@code body} accumulates at an index the loops do not move, into a buffer read nowhere else. */
    private void checkAccumulations(Kernel k, Stmt body, List<Expr.Var> vars) {
        List<Stmt.Store> stores = Uses.stores(body);
        if (stores.isEmpty()) {
            throw new ScheduleException(text() + " in kernel " + k.name() + ": the band stores nothing");
        }
        for (Stmt.Store st : stores) {
            Buffer acc = st.buffer();
            Expr.Load self = new Expr.Load(acc, st.index());
            Expr rest = accumulated(st.value(), self);
            if (rest == null || Uses.reads(rest, acc) || Uses.reads(st.index(), acc)
                    || vars.stream().anyMatch(v -> Uses.mentions(st.index(), v))) {
                throw new ScheduleException(text() + " in kernel " + k.name() + ": " + LoopPrinter.print(self)
                        + " = " + LoopPrinter.print(st.value()) + " is not an accumulation the loops leave in place");
            }
            int[] reads = {0};
            Uses.forEach(body, s -> {
            }, e -> {
                if (e instanceof Expr.Load l && l.buffer().equals(acc)) {
                    reads[0]++;
                }
            });
            long writes = stores.stream().filter(s -> s.buffer().equals(acc)).count();
            if (reads[0] != writes) {
                throw new ScheduleException(text() + " in kernel " + k.name() + ": " + acc.name()
                        + " is read outside its accumulation");
            }
        }
    }

    /** The term added to {@code self} by {@code value} ({@code self + v}, {@code v + self}, {@code fma(x, y, self)}), or null. */
    private static Expr accumulated(Expr value, Expr.Load self) {
        return switch (value) {
            case Expr.Fma f when f.c().equals(self) -> new Expr.Bin(BinOp.MUL, f.a(), f.b());
            case Expr.Bin b when b.op() == BinOp.ADD && b.a().equals(self) -> b.b();
            case Expr.Bin b when b.op() == BinOp.ADD && b.b().equals(self) -> b.a();
            default -> null;
        };
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder("reorder_reduction(");
        for (int i = 0; i < loops.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(LoopPrinter.name(loops.get(i)));
        }
        return sb.append(')').toString();
    }
}
