package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Poly;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Substitute;
import kiln.ir.loop.Uses;

/**
 * An elementwise producer kernel as a function of the flat index of what it writes: a perfect nest of
 * loops with constant extents storing {@code out[Σ v·stride] = value} once per element of
 * {@code [0, size)} (row-major strides in some loop order), where value reads neither out nor anything
 * written later. Fusion primitives evaluate {@link #at} wherever a consumer reads out.
 */
record Producer(Kernel kernel, Buffer out, Expr value, List<Expr.Var> vars, List<Long> strides, List<Long> extents,
        long size) {

    static Producer of(Kernel p) {
        Stmt top = p.body();
        Band band = top instanceof Stmt.For ? Band.from(top) : new Band(List.of(), top);
        if (!(band.body() instanceof Stmt.Store st)) {
            throw new ScheduleException("producer " + p.name() + " is not one perfect loop nest around one store");
        }
        Map<Expr.Var, Expr> lets = new HashMap<>();
        for (Stmt w : band.levels()) {
            switch (w) {
                case Stmt.If i -> throw new ScheduleException("producer " + p.name() + " has a guard; it must write "
                        + "every element of its output");
                case Stmt.Let l -> lets.put(l.var(), Substitute.in(l.value(), lets));
                default -> {
                }
            }
        }
        Expr value = Substitute.in(st.value(), lets);
        if (Uses.reads(value, st.buffer())) {
            throw new ScheduleException("producer " + p.name() + " reads its own output " + st.buffer().name());
        }
        Poly index = Poly.of(Substitute.in(st.index(), lets));
        Map<Expr.Var, Long> stride = new LinkedHashMap<>();
        Map<Expr.Var, Long> extent = new HashMap<>();
        for (Stmt.For f : band.loops()) {
            if (!(f.extent() instanceof Expr.IntImm n)) {
                throw new ScheduleException("producer " + p.name() + ": loop " + f.var().name() + " has no constant extent");
            }
            extent.put(f.var(), n.value());
            stride.put(f.var(), index.coefficient(f.var()));
        }
        if (index.constant() != 0 || index.terms().size() != band.loops().size()) {
            throw new ScheduleException("producer " + p.name() + " does not store at Σ loop·stride");
        }
        // Strides sorted from largest must each be the product of the extents inside them: a dense bijection.
        List<Expr.Var> order = new ArrayList<>(stride.keySet());
        order.sort((a, b) -> Long.compare(stride.get(b), stride.get(a)));
        long expect = 1;
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr.Var v = order.get(i);
            if (stride.get(v) != expect) {
                throw new ScheduleException("producer " + p.name() + " does not write a dense row-major range of "
                        + st.buffer().name());
            }
            expect *= extent.get(v);
        }
        List<Long> strides = order.stream().map(stride::get).toList();
        List<Long> extents = order.stream().map(extent::get).toList();
        return new Producer(p, st.buffer(), value, order, strides, extents, expect);
    }

    /** The value the producer stores at flat index {@code flat} (assumed within {@code [0, size)}). */
    Expr at(Expr flat) {
        Map<Expr.Var, Expr> coords = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            Expr c = new Expr.Bin(BinOp.FLOORDIV, flat, new Expr.IntImm(ScalarType.I32, strides.get(i)));
            if (i > 0) {
                c = new Expr.Bin(BinOp.MOD, c, new Expr.IntImm(ScalarType.I32, extents.get(i)));
            }
            coords.put(vars.get(i), c);
        }
        return Substitute.in(value, coords);
    }

    /**
     * The consumer's parameters with the producer's inputs added (by name) and the producer's output
     * dropped when {@code body} no longer touches it.
     */
    List<Buffer> fusedParams(Kernel consumer, Stmt body) {
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : consumer.params()) {
            if (!b.equals(out) || Uses.accesses(body, b)) {
                params.add(b);
            }
        }
        for (Buffer b : kernel.params()) {
            if (b.equals(out) || !Uses.reads(value, b)) {
                continue;
            }
            Buffer same = consumer.params().stream().filter(c -> c.name().equals(b.name())).findFirst().orElse(null);
            if (same == null) {
                params.add(b);
            } else if (!same.equals(b)) {
                throw new ScheduleException("producer " + kernel.name() + " and consumer " + consumer.name()
                        + " both have a parameter " + b.name() + " but of different types or sizes");
            }
        }
        return params;
    }

    /** Checks that the consumer reads out as the producer writes it and writes nothing the producer reads. */
    void checkConsumer(Kernel consumer) {
        if (!consumer.params().contains(out)) {
            throw new ScheduleException("consumer " + consumer.name() + " has no parameter " + out.name() + " ("
                    + out.type().text() + "[" + out.size() + "]) for producer " + kernel.name());
        }
        for (Buffer w : Uses.written(consumer.body())) {
            if (w.equals(out) || (Uses.reads(value, w) && w.scope() == Buffer.Scope.GLOBAL)) {
                throw new ScheduleException("consumer " + consumer.name() + " writes " + w.name() + ", which producer "
                        + kernel.name() + " reads or writes");
            }
        }
    }

}
