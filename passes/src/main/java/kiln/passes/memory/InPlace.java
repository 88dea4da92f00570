package kiln.passes.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.UnOp;

/**
 * Decides whether a kernel may write its result over an input, so that the memory planner can give a value
 * that dies at the kernel the storage of the value it produces. Nothing in the IR declares it: the kernel
 * body is its own proof, which stays true whatever the schedule did to it.
 *
 * <p>The test is conservative and syntactic. The kernel must be a perfect nest of loops with constant
 * extents (any kind) around a loop-free body, and in that body:
 * <ul>
 *   <li>the result buffers are only stored to and the input buffers only loaded from;</li>
 *   <li>no input position is loaded after the same iteration stored to it (a store at the same affine
 *       index, or at one whose offset from the load is not a known constant);</li>
 *   <li>every input position loaded is a position stored in the same iteration (the affine index forms,
 *       let-bound names inlined, are equal), and</li>
 *   <li>the stores of different iterations never meet: the store indices share one linear part whose
 *       coefficients, sorted by size, each exceed the span the smaller ones and the stores' offsets
 *       cover (a mixed-radix numbering).</li>
 * </ul>
 * Then each iteration reads only positions that it alone writes, after reading them, in any iteration
 * order — serial, parallel or vector lanes. Elementwise kernels (a real value or a c64 pair per
 * element) pass; transposes, broadcast operands, reductions and stencils do not.
 */
public final class InPlace {
    private InPlace() {
    }

    /**
     * Whether {@code kernel} stays correct when the parameters in {@code written} share storage, at the same
     * offset, with the parameters in {@code read}.
     */
    public static boolean allows(Kernel kernel, Set<Buffer> written, Set<Buffer> read) {
        Map<String, Long> extents = new HashMap<>();
        Stmt s = kernel.body();
        while (s instanceof Stmt.For f) {
            if (!(f.extent() instanceof Expr.IntImm n) || mentions(f.extent(), written, read)) {
                return false;
            }
            if (extents.put(f.var().name(), n.value()) != null) {
                return false;
            }
            s = f.body();
        }
        Scan scan = new Scan(written, read, extents.keySet());
        scan.stmt(s, Map.of());
        if (!scan.ok || scan.stores.isEmpty()) {
            return false;
        }
        for (Form load : scan.loads) {
            if (!scan.stores.contains(load)) {
                return false;
            }
        }
        return injective(scan.stores, extents);
    }

    /** An affine index {@code Σ coefficient·var + constant} over loop variables. */
    private record Form(TreeMap<String, Long> coefficients, long constant) {
        static Form constant(long c) {
            return new Form(new TreeMap<>(), c);
        }

        static Form var(String name) {
            TreeMap<String, Long> m = new TreeMap<>();
            m.put(name, 1L);
            return new Form(m, 0);
        }

        Form plus(Form o, long sign) {
            TreeMap<String, Long> m = new TreeMap<>(coefficients);
            o.coefficients.forEach((k, v) -> m.merge(k, sign * v, Long::sum));
            m.values().removeIf(v -> v == 0);
            return new Form(m, constant + sign * o.constant);
        }

        Form times(long c) {
            TreeMap<String, Long> m = new TreeMap<>();
            if (c != 0) {
                coefficients.forEach((k, v) -> m.put(k, v * c));
            }
            return new Form(m, constant * c);
        }

        boolean isConstant() {
            return coefficients.isEmpty();
        }
    }

    /** A walk of the loop-free body in execution order. */
    private static final class Scan {
        private static final Form NOT_AFFINE = new Form(new TreeMap<>(), Long.MIN_VALUE);
        final Set<Buffer> written;
        final Set<Buffer> read;
        final Set<String> loopVars;
        final List<Form> stores = new ArrayList<>();
        final List<Form> loads = new ArrayList<>();
        /** The stores to results executed so far on the current path. */
        List<Form> stored = new ArrayList<>();
        boolean ok = true;

        Scan(Set<Buffer> written, Set<Buffer> read, Set<String> loopVars) {
            this.written = written;
            this.read = read;
            this.loopVars = loopVars;
        }

        void stmt(Stmt s, Map<String, Form> lets) {
            switch (s) {
                case Stmt.For f -> ok = false;
                case Stmt.Allocate a -> ok = false;
                case Stmt.Store st -> {
                    expr(st.index(), lets);
                    expr(st.value(), lets);
                    if (read.contains(st.buffer())) {
                        ok = false;
                    }
                    if (written.contains(st.buffer())) {
                        Form f = form(st.index(), lets);
                        if (f == null) {
                            ok = false;
                        } else {
                            stores.add(f);
                            stored.add(f);
                        }
                    }
                }
                case Stmt.Seq q -> q.stmts().forEach(x -> stmt(x, lets));
                case Stmt.If i -> {
                    expr(i.cond(), lets);
                    List<Form> before = new ArrayList<>(stored);
                    stmt(i.then(), lets);
                    List<Form> afterThen = stored;
                    stored = new ArrayList<>(before);
                    stmt(i.otherwise(), lets);
                    stored.addAll(afterThen);
                }
                case Stmt.Let l -> {
                    expr(l.value(), lets);
                    Map<String, Form> inner = new HashMap<>(lets);
                    Form f = l.value().type().isInteger() ? form(l.value(), lets) : null;
                    inner.put(l.var().name(), f == null ? NOT_AFFINE : f);
                    stmt(l.body(), inner);
                }
            }
        }

        void expr(Expr e, Map<String, Form> lets) {
            switch (e) {
                case Expr.IntImm c -> {
                }
                case Expr.FloatImm c -> {
                }
                case Expr.Var v -> {
                }
                case Expr.Lanes l -> {
                }
                case Expr.Load l -> {
                    expr(l.index(), lets);
                    if (written.contains(l.buffer())) {
                        ok = false;
                    } else if (read.contains(l.buffer())) {
                        Form f = form(l.index(), lets);
                        if (f == null || stored.stream().anyMatch(g -> mayMeet(f, g))) {
                            ok = false;
                        } else {
                            loads.add(f);
                        }
                    }
                }
                case Expr.Bin b -> {
                    expr(b.a(), lets);
                    expr(b.b(), lets);
                }
                case Expr.Un u -> expr(u.a(), lets);
                case Expr.Fma f -> {
                    expr(f.a(), lets);
                    expr(f.b(), lets);
                    expr(f.c(), lets);
                }
                case Expr.Select s -> {
                    expr(s.cond(), lets);
                    expr(s.a(), lets);
                    expr(s.b(), lets);
                }
                case Expr.Convert c -> expr(c.a(), lets);
            }
        }

        /** Whether positions {@code f} and {@code g} of one iteration may be the same. */
        static boolean mayMeet(Form f, Form g) {
            return !f.coefficients().equals(g.coefficients()) || f.constant() == g.constant();
        }

        /** The affine form of an index expression, or null when it is not one. */
        Form form(Expr e, Map<String, Form> lets) {
            return switch (e) {
                case Expr.IntImm c -> Form.constant(c.value());
                case Expr.Var v -> {
                    Form bound = lets.get(v.name());
                    if (bound != null) {
                        yield bound == NOT_AFFINE ? null : bound;
                    }
                    yield loopVars.contains(v.name()) ? Form.var(v.name()) : null;
                }
                case Expr.Bin b -> {
                    Form x = form(b.a(), lets);
                    Form y = form(b.b(), lets);
                    if (x == null || y == null) {
                        yield null;
                    }
                    yield b.op() == BinOp.ADD ? x.plus(y, 1)
                            : b.op() == BinOp.SUB ? x.plus(y, -1)
                            : b.op() == BinOp.MUL && y.isConstant() ? x.times(y.constant())
                            : b.op() == BinOp.MUL && x.isConstant() ? y.times(x.constant())
                            : null;
                }
                case Expr.Un u -> {
                    Form x = u.op() == UnOp.NEG ? form(u.a(), lets) : null;
                    yield x == null ? null : x.times(-1);
                }
                case Expr.FloatImm c -> null;
                case Expr.Lanes l -> null;
                case Expr.Load l -> null;
                case Expr.Fma f -> null;
                case Expr.Select s -> null;
                case Expr.Convert c -> null;
            };
        }
    }

    /** Whether the stores of distinct iterations (and distinct stores of one iteration) hit distinct positions. */
    private static boolean injective(List<Form> stores, Map<String, Long> extents) {
        TreeMap<String, Long> linear = stores.getFirst().coefficients();
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        List<Long> offsets = new ArrayList<>();
        for (Form f : stores) {
            if (!f.coefficients().equals(linear)) {
                return false;
            }
            if (!offsets.contains(f.constant())) {
                offsets.add(f.constant());
            }
            lo = Math.min(lo, f.constant());
            hi = Math.max(hi, f.constant());
        }
        List<Map.Entry<String, Long>> vars = new ArrayList<>();
        for (Map.Entry<String, Long> e : extents.entrySet()) {
            if (e.getValue() > 1) {
                Long c = linear.get(e.getKey());
                if (c == null) {
                    // Every iteration of this loop would store to the same positions.
                    return false;
                }
                vars.add(Map.entry(e.getKey(), Math.abs(c)));
            }
        }
        vars.sort(Comparator.comparingLong(Map.Entry::getValue));
        long reach = hi - lo;
        for (Map.Entry<String, Long> v : vars) {
            if (v.getValue() <= reach) {
                return false;
            }
            reach += v.getValue() * (extents.get(v.getKey()) - 1);
        }
        return true;
    }

    private static boolean mentions(Expr e, Set<Buffer> written, Set<Buffer> read) {
        return switch (e) {
            case Expr.Load l -> written.contains(l.buffer()) || read.contains(l.buffer())
                    || mentions(l.index(), written, read);
            case Expr.Bin b -> mentions(b.a(), written, read) || mentions(b.b(), written, read);
            case Expr.Un u -> mentions(u.a(), written, read);
            case Expr.Fma f -> mentions(f.a(), written, read) || mentions(f.b(), written, read)
                    || mentions(f.c(), written, read);
            case Expr.Select s -> mentions(s.cond(), written, read) || mentions(s.a(), written, read)
                    || mentions(s.b(), written, read);
            case Expr.Convert c -> mentions(c.a(), written, read);
            case Expr.IntImm c -> false;
            case Expr.FloatImm c -> false;
            case Expr.Var v -> false;
            case Expr.Lanes l -> false;
        };
    }
}
