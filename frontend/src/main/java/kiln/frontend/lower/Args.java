package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.frontend.check.Signature;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.ir.graph.Spelling;
import kiln.ir.graph.Op;
import kiln.runtime.DType;

/**
 * The bound arguments of one call of a built-in, with typed accessors that fail with a located K0401 or
 * K0406 naming the argument, and the means to emit the call's nodes.
 */
final class Args {
    private final Context ctx;
    private final String callee;
    private final Span at;
    private final Signature signature;
    private final Val[] values;
    private final Span[] spans;

    Args(Context ctx, String callee, Span at, Signature signature, Val[] values, Span[] spans) {
        this.ctx = ctx;
        this.callee = callee;
        this.at = at;
        this.signature = signature;
        this.values = values;
        this.spans = spans;
    }

    String callee() {
        return callee;
    }

    Span at() {
        return at;
    }

    Context ctx() {
        return ctx;
    }

    Val get(String name) {
        return values[index(name)];
    }

    boolean isNone(String name) {
        return get(name) instanceof Val.NoneVal;
    }

    /** Where the argument was written, or the call when it took its default. */
    Span span(String name) {
        Span s = spans[index(name)];
        return s == null ? at : s;
    }

    private int index(String name) {
        int i = signature.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException(callee + " has no argument " + name);
        }
        return i;
    }

    Failure fail(String name, Code code, String message) {
        return new Failure(code, span(name), message);
    }

    Failure wrongKind(String name, String expected) {
        Val v = get(name);
        Code code = v instanceof Val.BatchVal ? Code.BATCH_ARITHMETIC : Code.TYPE_MISMATCH;
        return fail(name, code, "argument '" + name + "' of " + callee + " must be " + expected + ", got "
                + Val.describe(v));
    }

    Sym tensor(String name) {
        if (get(name) instanceof Val.TensorVal t) {
            return t.sym();
        }
        throw wrongKind(name, "a tensor");
    }

    /** The tensor, or null when the argument is none. */
    Sym optTensor(String name) {
        return isNone(name) ? null : tensor(name);
    }

    long integer(String name) {
        if (get(name) instanceof Val.IntVal i) {
            return i.value();
        }
        throw wrongKind(name, "an int");
    }

    /** An int that fits Java's int (sizes, axes). */
    int smallInt(String name) {
        long v = integer(name);
        if (v != (int) v) {
            throw fail(name, Code.BAD_VALUE, "argument '" + name + "' of " + callee + " is too large: " + v);
        }
        return (int) v;
    }

    double number(String name) {
        return switch (get(name)) {
            case Val.IntVal i -> i.value();
            case Val.FloatVal f -> f.value();
            default -> throw wrongKind(name, "a number");
        };
    }

    boolean bool(String name) {
        if (get(name) instanceof Val.BoolVal b) {
            return b.value();
        }
        throw wrongKind(name, "true or false");
    }

    DType dtype(String name) {
        if (get(name) instanceof Val.DTypeVal d) {
            return d.dtype();
        }
        throw wrongKind(name, "an element type (f32, f64, i64, i32, i8, bool, c64)");
    }

    /** One of the allowed strings, with "did you mean" for others. */
    String choice(String name, List<String> allowed) {
        if (!(get(name) instanceof Val.StrVal s)) {
            throw wrongKind(name, "one of \"" + String.join("\", \"", allowed) + "\"");
        }
        if (!allowed.contains(s.value())) {
            throw fail(name, Code.BAD_VALUE, "argument '" + name + "' of " + callee + " cannot be \"" + s.value()
                    + "\"" + Spelling.didYouMean(s.value(), allowed) + " (choices: \"" + String.join("\", \"", allowed)
                    + "\")");
        }
        return s.value();
    }

    boolean isString(String name) {
        return get(name) instanceof Val.StrVal;
    }

    /** An int repeated {@code n} times, or a list of exactly {@code n} ints. */
    List<Integer> ints(String name, int n) {
        Val v = get(name);
        if (v instanceof Val.IntVal) {
            int i = smallInt(name);
            Integer[] out = new Integer[n];
            Arrays.fill(out, i);
            return List.of(out);
        }
        List<Integer> list = intList(name);
        if (list.size() != n) {
            throw fail(name, Code.BAD_VALUE, "argument '" + name + "' of " + callee + " needs 1 or " + n
                    + " values here, got " + list.size());
        }
        return list;
    }

    /** A list of ints, or a single int as a list of one. */
    List<Integer> intList(String name) {
        Val v = get(name);
        if (v instanceof Val.IntVal) {
            return List.of(smallInt(name));
        }
        if (!(v instanceof Val.ListVal l)) {
            throw wrongKind(name, "an int or a list of ints");
        }
        List<Integer> out = new ArrayList<>();
        for (Val item : l.items()) {
            if (!(item instanceof Val.IntVal i) || i.value() != (int) i.value()) {
                throw fail(name, item instanceof Val.BatchVal ? Code.BATCH_ARITHMETIC : Code.TYPE_MISMATCH,
                        "argument '" + name + "' of " + callee + " must be a list of ints, but it holds "
                                + Val.describe(item));
            }
            out.add((int) i.value());
        }
        return out;
    }

    /** A list of tensors (e.g. for cat). */
    List<Sym> tensors(String name) {
        if (!(get(name) instanceof Val.ListVal l) || l.items().isEmpty()) {
            throw wrongKind(name, "a non-empty list of tensors");
        }
        List<Sym> out = new ArrayList<>();
        for (Val item : l.items()) {
            if (!(item instanceof Val.TensorVal t)) {
                throw fail(name, Code.TYPE_MISMATCH, "argument '" + name + "' of " + callee
                        + " must be a list of tensors, but it holds " + Val.describe(item));
            }
            out.add(t.sym());
        }
        return out;
    }

    /** An axis of a tensor of rank {@code rank}, negative counting from the end. */
    int axis(String name, int rank) {
        int a = smallInt(name);
        int n = a < 0 ? a + rank : a;
        if (n < 0 || n >= rank) {
            throw fail(name, Code.INDEX_OUT_OF_RANGE, "axis " + a + " is out of range for a tensor of rank " + rank);
        }
        return n;
    }

    Sym op(Op op, Sym... in) {
        return ctx.node1(op, List.of(in), at, callee);
    }

    List<Sym> ops(Op op, List<Sym> in) {
        return ctx.node(op, in, at, callee);
    }

    Sym scalar(DType dtype, double value) {
        return ctx.scalar(dtype, value, at);
    }

    static Val tensor(Sym s) {
        return new Val.TensorVal(s);
    }
}
