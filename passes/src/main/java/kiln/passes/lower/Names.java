package kiln.passes.lower;

import java.util.HashSet;
import java.util.Set;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;

/**
 * Fresh names within one kernel. Loop variables, let-bound values and local buffers share one name space
 * with the kernel's parameters, so every name in a kernel is unique and later schedules can refer to a
 * loop by its variable's name. Names are deterministic: a hint, then the hint with 1, 2, ... appended.
 */
final class Names {
    private final Set<String> used = new HashSet<>();

    Names(Iterable<String> reserved) {
        reserved.forEach(used::add);
    }

    String fresh(String hint) {
        if (used.add(hint)) {
            return hint;
        }
        for (int k = 1; ; k++) {
            String candidate = hint + "_" + k;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    /** A fresh i32 variable (loop index or index value). */
    Expr.Var index(String hint) {
        return new Expr.Var(fresh(hint), ScalarType.I32);
    }

    Expr.Var var(String hint, ScalarType t) {
        return new Expr.Var(fresh(hint), t);
    }

    Buffer local(String hint, ScalarType t, long size) {
        return Exprs.local(fresh(hint), t, size);
    }
}
