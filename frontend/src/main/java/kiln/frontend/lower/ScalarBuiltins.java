package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Shape;

/**
 * Built-ins on plain values, evaluated while lowering: shapes of tensors ({@code size}, {@code ndim}),
 * lists ({@code len}, {@code range}), conversions, and {@code max}/{@code min}, which like PyTorch's also
 * take tensors (elementwise with a second operand, a reduction over {@code dim} without one).
 */
final class ScalarBuiltins {
    private ScalarBuiltins() {
    }

    static void register(Builtins b) {
        b.add("size", "x, dim=none", a -> {
            Shape s = a.tensor("x").type().shape();
            if (!a.isNone("dim")) {
                return dim(s, a.axis("dim", s.rank()));
            }
            List<Val> dims = new ArrayList<>();
            for (int i = 0; i < s.rank(); i++) {
                dims.add(dim(s, i));
            }
            return new Val.ListVal(dims);
        });
        b.add("ndim", "x", a -> new Val.IntVal(a.tensor("x").type().rank()));
        b.add("len", "x", a -> {
            if (a.get("x") instanceof Val.ListVal l) {
                return new Val.IntVal(l.items().size());
            }
            if (a.get("x") instanceof Val.StrVal s) {
                return new Val.IntVal(s.value().codePointCount(0, s.value().length()));
            }
            throw a.wrongKind("x", "a list or a string");
        });
        b.add("range", "start, end=none, step=1", a -> {
            long start = a.isNone("end") ? 0 : a.integer("start");
            long end = a.isNone("end") ? a.integer("start") : a.integer("end");
            long step = a.integer("step");
            if (step == 0) {
                throw a.fail("step", Code.BAD_VALUE, "step cannot be 0");
            }
            List<Val> out = new ArrayList<>();
            for (long i = start; step > 0 ? i < end : i > end; i += step) {
                if (out.size() >= Context.MAX_ELEMENTS) {
                    throw a.fail("start", Code.TOO_LARGE, "the range has more than " + Context.MAX_ELEMENTS
                            + " elements");
                }
                out.add(new Val.IntVal(i));
            }
            return new Val.ListVal(out);
        });
        b.add("int", "x", a -> switch (a.get("x")) {
            case Val.IntVal i -> i;
            case Val.BoolVal v -> new Val.IntVal(v.value() ? 1 : 0);
            case Val.FloatVal f when Math.abs(f.value()) < 0x1p63 -> new Val.IntVal((long) f.value());
            default -> throw a.wrongKind("x", "a number or a bool (an int of 64 bits)");
        });
        b.add("float", "x", a -> new Val.FloatVal(a.number("x")));
        b.add("log2", "x", a -> {
            double x = a.number("x");
            long i = a.get("x") instanceof Val.IntVal v ? v.value() : 0;
            // Exact for powers of two, so ceil(log2(L / d)) cannot be pushed up by rounding.
            return new Val.FloatVal(i > 0 && Long.bitCount(i) == 1 ? Long.numberOfTrailingZeros(i)
                    : Math.log(x) / Math.log(2));
        });
        b.add("ntuple", "x, n", a -> {
            if (a.get("x") instanceof Val.ListVal l) {
                if (l.items().size() != a.integer("n")) {
                    throw a.fail("x", Code.BAD_VALUE, "expected " + a.integer("n") + " values, got " + l.items().size());
                }
                return l;
            }
            long n = a.integer("n");
            if (n < 0 || n > Context.MAX_ELEMENTS) {
                throw a.fail("n", Code.BAD_VALUE, "n must be between 0 and " + Context.MAX_ELEMENTS + ", got " + n);
            }
            return new Val.ListVal(java.util.Collections.nCopies((int) n, a.get("x")));
        });
        b.add("max", "x, y=none, dim=none, keepdim=false", a -> extreme(a, true));
        b.add("min", "x, y=none, dim=none, keepdim=false", a -> extreme(a, false));
    }

    private static Val dim(Shape s, int axis) {
        return s.isBatch(axis) ? Val.BATCH : new Val.IntVal(s.dim(axis));
    }

    private static Val extreme(Args a, boolean max) {
        Val x = a.get("x");
        Val y = a.get("y");
        if (x instanceof Val.TensorVal || y instanceof Val.TensorVal) {
            if (y instanceof Val.NoneVal) {
                return PoolBuiltins.reduce(a, max ? ReduceKind.MAX : ReduceKind.MIN);
            }
            Sym t = x instanceof Val.TensorVal tx ? tx.sym() : ((Val.TensorVal) y).sym();
            return Args.tensor(a.op(new Binary(max ? BinaryFn.MAX : BinaryFn.MIN), operand(a, "x", t), operand(a, "y",
                    t)));
        }
        List<Val> values = y instanceof Val.NoneVal && x instanceof Val.ListVal l ? l.items() : List.of(x, y);
        if (values.isEmpty()) {
            throw a.fail("x", Code.BAD_VALUE, (max ? "max" : "min") + " of an empty list");
        }
        Val best = null;
        for (Val v : values) {
            if (!Arithmetic.isNumber(v)) {
                throw a.wrongKind("x", "numbers, a list of numbers, or tensors");
            }
            if (best == null || (max ? Arithmetic.number(v) > Arithmetic.number(best)
                    : Arithmetic.number(v) < Arithmetic.number(best))) {
                best = v;
            }
        }
        return best;
    }

    private static Sym operand(Args a, String name, Sym like) {
        return switch (a.get(name)) {
            case Val.TensorVal t -> t.sym();
            case Val.IntVal i -> a.scalar(like.type().dtype(), i.value());
            case Val.FloatVal f when like.type().dtype().isFloat() -> a.scalar(like.type().dtype(), f.value());
            default -> throw a.wrongKind(name, "a tensor or a number of the other tensor's element type");
        };
    }
}
