package kiln.passes.fusion;

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
 * A kernel that computes its output element by element: a perfect nest of loops with constant extents
 * (lets between them, no guards) around one store {@code out[Σ v·stride] = value}, the strides those of a
 * dense row-major range {@code [0, size)} in some loop order, and value not reading out. It is then a
 * function of the flat index of what it writes, which is what lets {@link Epilogue} compute it wherever
 * another kernel writes the element it reads.
 */
record Pointwise(Kernel kernel, Buffer out, Expr index, List<Binding> lets, Expr value, List<Expr.Var> vars,
        List<Long> strides, List<Long> extents, long size) {

    /** A let of the nest: {@code var} bound to {@code value} around what follows. */
    record Binding(Expr.Var var, Expr value) {
    }

    /** The kernel as a pointwise computation, or null when it is not one. */
    static Pointwise of(Kernel k) {
        List<Stmt.Let> lets = new ArrayList<>();
        Map<Expr.Var, Long> extent = new LinkedHashMap<>();
        Map<Expr.Var, Expr> unit = new HashMap<>();
        Stmt s = k.body();
        while (!(s instanceof Stmt.Store)) {
            switch (s) {
                case Stmt.For f -> {
                    if (!(f.extent() instanceof Expr.IntImm n) || n.value() < 1) {
                        return null;
                    }
                    if (n.value() == 1) {
                        unit.put(f.var(), new Expr.IntImm(ScalarType.I32, 0));
                    } else {
                        extent.put(f.var(), n.value());
                    }
                    s = f.body();
                }
                case Stmt.Let l -> {
                    lets.add(l);
                    s = l.body();
                }
                case Stmt.Seq _, Stmt.If _, Stmt.Allocate _, Stmt.Store _ -> {
                    return null;
                }
            }
        }
        Stmt.Store st = (Stmt.Store) s;
        Map<Expr.Var, Expr> letValues = new HashMap<>(unit);
        for (Stmt.Let l : lets) {
            letValues.put(l.var(), Substitute.in(l.value(), letValues));
        }
        if (Uses.reads(Substitute.in(st.value(), letValues), st.buffer())
                || Uses.reads(Substitute.in(st.index(), letValues), st.buffer())) {
            return null;
        }
        Poly index = Poly.of(Substitute.in(st.index(), letValues));
        if (index.constant() != 0 || index.terms().size() != extent.size()) {
            return null;
        }
        Map<Expr.Var, Long> stride = new LinkedHashMap<>();
        for (Expr.Var v : extent.keySet()) {
            long c = index.coefficient(v);
            if (c <= 0 || !index.isLinearIn(v)) {
                return null;
            }
            stride.put(v, c);
        }
        List<Expr.Var> order = new ArrayList<>(stride.keySet());
        order.sort((a, b) -> Long.compare(stride.get(b), stride.get(a)));
        long expect = 1;
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr.Var v = order.get(i);
            if (stride.get(v) != expect) {
                return null;
            }
            expect *= extent.get(v);
        }
        // Unit loops are gone from the index; lets and the value see them as 0.
        List<Binding> bound = lets.stream().map(l -> new Binding(l.var(), Substitute.in(l.value(), unit))).toList();
        return new Pointwise(k, st.buffer(), Substitute.in(st.index(), unit), bound, Substitute.in(st.value(), unit),
                order, order.stream().map(stride::get).toList(), order.stream().map(extent::get).toList(), expect);
    }

    /** True when every read of {@code b} is of the element being written (the same flat index). */
    boolean readsOnlyInPlace(Buffer b) {
        Map<Expr.Var, Expr> letValues = new HashMap<>();
        for (Binding l : lets) {
            letValues.put(l.var(), Substitute.in(l.value(), letValues));
        }
        Poly at = Poly.of(Substitute.in(index, letValues));
        List<Expr.Load> loads = new ArrayList<>();
        lets.forEach(l -> loads.addAll(Uses.loads(l.value())));
        loads.addAll(Uses.loads(value));
        boolean any = false;
        for (Expr.Load l : loads) {
            if (l.buffer().equals(b)) {
                any = true;
                if (!Poly.of(Substitute.in(l.index(), letValues)).equals(at)) {
                    return false;
                }
            }
        }
        return any;
    }

    /** The loop variables in terms of the flat index {@code flat} of the element written. */
    Map<Expr.Var, Expr> coordinates(Expr flat) {
        Map<Expr.Var, Expr> coords = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            Expr c = new Expr.Bin(BinOp.FLOORDIV, flat, new Expr.IntImm(ScalarType.I32, strides.get(i)));
            if (i > 0) {
                c = new Expr.Bin(BinOp.MOD, c, new Expr.IntImm(ScalarType.I32, extents.get(i)));
            }
            coords.put(vars.get(i), c);
        }
        return coords;
    }
}
