package kiln.ir.loop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** What a piece of Loop IR mentions: variables, buffers read and written, loads, stores, names. */
public final class Uses {
    private Uses() {
    }

    /** Calls {@code f} on every expression node of {@code e}, parents before children. */
    public static void forEachExpr(Expr e, Consumer<Expr> f) {
        f.accept(e);
        switch (e) {
            case Expr.IntImm n -> {
            }
            case Expr.FloatImm n -> {
            }
            case Expr.Var n -> {
            }
            case Expr.Lanes n -> {
            }
            case Expr.Load n -> forEachExpr(n.index(), f);
            case Expr.Bin n -> {
                forEachExpr(n.a(), f);
                forEachExpr(n.b(), f);
            }
            case Expr.Un n -> forEachExpr(n.a(), f);
            case Expr.Fma n -> {
                forEachExpr(n.a(), f);
                forEachExpr(n.b(), f);
                forEachExpr(n.c(), f);
            }
            case Expr.Select n -> {
                forEachExpr(n.cond(), f);
                forEachExpr(n.a(), f);
                forEachExpr(n.b(), f);
            }
            case Expr.Convert n -> forEachExpr(n.a(), f);
        }
    }

    /** Calls {@code stmts} on every statement of {@code s} (parents first) and {@code exprs} on every expression. */
    public static void forEach(Stmt s, Consumer<Stmt> stmts, Consumer<Expr> exprs) {
        stmts.accept(s);
        switch (s) {
            case Stmt.For n -> {
                forEachExpr(n.extent(), exprs);
                forEach(n.body(), stmts, exprs);
            }
            case Stmt.Store n -> {
                forEachExpr(n.index(), exprs);
                forEachExpr(n.value(), exprs);
            }
            case Stmt.Seq n -> n.stmts().forEach(c -> forEach(c, stmts, exprs));
            case Stmt.If n -> {
                forEachExpr(n.cond(), exprs);
                forEach(n.then(), stmts, exprs);
                forEach(n.otherwise(), stmts, exprs);
            }
            case Stmt.Let n -> {
                forEachExpr(n.value(), exprs);
                forEach(n.body(), stmts, exprs);
            }
            case Stmt.Allocate n -> forEach(n.body(), stmts, exprs);
        }
    }

    /** The loop and let variables {@code s} binds, {@code s} itself included. */
    public static Set<Expr.Var> bound(Stmt s) {
        Set<Expr.Var> out = new HashSet<>();
        forEach(s, n -> {
            switch (n) {
                case Stmt.For f -> out.add(f.var());
                case Stmt.Let l -> out.add(l.var());
                default -> {
                }
            }
        }, e -> {
        });
        return out;
    }

    /** The variables {@code e} mentions, in first-use order. */
    public static Set<Expr.Var> vars(Expr e) {
        Set<Expr.Var> out = new LinkedHashSet<>();
        forEachExpr(e, n -> {
            if (n instanceof Expr.Var v) {
                out.add(v);
            }
        });
        return out;
    }

    public static boolean mentions(Expr e, Expr.Var v) {
        boolean[] found = {false};
        forEachExpr(e, n -> found[0] |= n.equals(v));
        return found[0];
    }

    /** True when any expression in {@code s} uses {@code v}. */
    public static boolean mentions(Stmt s, Expr.Var v) {
        boolean[] found = {false};
        forEach(s, n -> {
        }, n -> found[0] |= n.equals(v));
        return found[0];
    }

    /** True when {@code e} mentions {@link Expr.Lanes}. */
    public static boolean mentionsLanes(Expr e) {
        boolean[] found = {false};
        forEachExpr(e, n -> found[0] |= n instanceof Expr.Lanes);
        return found[0];
    }

    public static List<Expr.Load> loads(Expr e) {
        List<Expr.Load> out = new ArrayList<>();
        forEachExpr(e, n -> {
            if (n instanceof Expr.Load l) {
                out.add(l);
            }
        });
        return out;
    }

    public static List<Expr.Load> loads(Stmt s) {
        List<Expr.Load> out = new ArrayList<>();
        forEach(s, n -> {
        }, n -> {
            if (n instanceof Expr.Load l) {
                out.add(l);
            }
        });
        return out;
    }

    public static List<Stmt.Store> stores(Stmt s) {
        List<Stmt.Store> out = new ArrayList<>();
        forEach(s, n -> {
            if (n instanceof Stmt.Store st) {
                out.add(st);
            }
        }, n -> {
        });
        return out;
    }

    public static Set<Buffer> written(Stmt s) {
        Set<Buffer> out = new LinkedHashSet<>();
        stores(s).forEach(st -> out.add(st.buffer()));
        return out;
    }

    public static Set<Buffer> read(Stmt s) {
        Set<Buffer> out = new LinkedHashSet<>();
        loads(s).forEach(l -> out.add(l.buffer()));
        return out;
    }

    public static boolean reads(Expr e, Buffer b) {
        boolean[] found = {false};
        forEachExpr(e, n -> found[0] |= n instanceof Expr.Load l && l.buffer().equals(b));
        return found[0];
    }

    public static boolean accesses(Stmt s, Buffer b) {
        return written(s).contains(b) || read(s).contains(b);
    }

    public static boolean containsLoop(Stmt s) {
        boolean[] found = {false};
        forEach(s, n -> found[0] |= n instanceof Stmt.For, n -> {
        });
        return found[0];
    }

    /** Every variable and buffer name bound or used in {@code s}, to pick fresh names from. */
    public static Set<String> names(Stmt s) {
        Set<String> out = new LinkedHashSet<>();
        forEach(s, n -> {
            switch (n) {
                case Stmt.For f -> out.add(f.var().name());
                case Stmt.Let l -> out.add(l.var().name());
                case Stmt.Allocate a -> out.add(a.buffer().name());
                case Stmt.Store st -> out.add(st.buffer().name());
                case Stmt.Seq q -> {
                }
                case Stmt.If i -> {
                }
            }
        }, n -> {
            if (n instanceof Expr.Var v) {
                out.add(v.name());
            } else if (n instanceof Expr.Load l) {
                out.add(l.buffer().name());
            }
        });
        return out;
    }

    /** Every name in the kernel: parameters, variables and local buffers. */
    public static Set<String> names(Kernel k) {
        Set<String> out = new LinkedHashSet<>();
        k.params().forEach(b -> out.add(b.name()));
        out.addAll(names(k.body()));
        return out;
    }

    /** {@code base} if unused, else {@code base1}, {@code base2}, ... : the first not in {@code taken}. */
    public static String fresh(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            String n = base + i;
            if (!taken.contains(n)) {
                return n;
            }
        }
    }
}
