package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unsqueeze;

/** Shape and layout built-ins: reshape, flatten, permute, split, cat, pad and their PyTorch-like friends. */
final class LayoutBuiltins {
    private LayoutBuiltins() {
    }

    static void register(Builtins b) {
        b.add("reshape", "x, shape", LayoutBuiltins::reshape);
        b.add("flatten", "x, start_dim=1, end_dim=-1", LayoutBuiltins::flatten);
        b.add("permute", "x, dims", a -> Args.tensor(a.op(new Transpose(perm(a, a.intList("dims"))), a.tensor("x"))));
        b.add("transpose", "x, dim0, dim1", a -> {
            int rank = a.tensor("x").type().rank();
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                perm.add(i);
            }
            Collections.swap(perm, a.axis("dim0", rank), a.axis("dim1", rank));
            return Args.tensor(a.op(new Transpose(perm), a.tensor("x")));
        });
        b.add("squeeze", "x, dim=none", a -> Args.tensor(a.op(new Squeeze(a.isNone("dim") ? List.of()
                : a.intList("dim")), a.tensor("x"))));
        b.add("unsqueeze", "x, dim", a -> Args.tensor(a.op(new Unsqueeze(a.intList("dim")), a.tensor("x"))));
        b.add("split", "x, split_size_or_sections, dim=0", a -> split(a, false));
        b.add("chunk", "x, chunks, dim=0", a -> split(a, true));
        b.add("cat", "tensors, dim=0", a -> Args.tensor(a.ops(new Concat(a.smallInt("dim")), a.tensors("tensors"))
                .getFirst()));
        b.alias("concat", "cat");
        b.add("stack", "tensors, dim=0", a -> {
            List<Sym> parts = new ArrayList<>();
            for (Sym t : a.tensors("tensors")) {
                parts.add(a.op(new Unsqueeze(List.of(a.smallInt("dim"))), t));
            }
            return Args.tensor(a.ops(new Concat(a.smallInt("dim")), parts).getFirst());
        });
        b.add("narrow", "x, dim, start, length", a -> {
            int start = a.smallInt("start");
            return Args.tensor(a.op(new Slice(List.of(start), List.of(start + a.smallInt("length")),
                    List.of(a.smallInt("dim")), List.of(1)), a.tensor("x")));
        });
        b.add("slice", "x, starts, ends, dims=none, steps=none", a -> {
            List<Integer> starts = a.intList("starts");
            List<Integer> dims = a.isNone("dims") ? range(starts.size()) : a.intList("dims");
            List<Integer> steps = a.isNone("steps") ? Collections.nCopies(starts.size(), 1) : a.intList("steps");
            return Args.tensor(a.op(new Slice(starts, a.intList("ends"), dims, steps), a.tensor("x")));
        });
        b.add("pad", "x, pad, mode=\"constant\", value=0.0", LayoutBuiltins::pad);
        b.add("take", "x, indices, dim=0", a -> Args.tensor(a.op(new Gather(a.smallInt("dim")), a.tensor("x"),
                a.tensor("indices"))));
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<Integer> perm(Args a, List<Integer> dims) {
        int rank = dims.size();
        List<Integer> out = new ArrayList<>();
        for (int d : dims) {
            out.add(d < 0 ? d + rank : d);
        }
        return out;
    }

    /** Reshape to a list of ints and N; one −1 takes what is left, as in PyTorch. */
    private static Val reshape(Args a) {
        Sym x = a.tensor("x");
        if (!(a.get("shape") instanceof Val.ListVal l)) {
            throw a.wrongKind("shape", "a list of ints (and N)");
        }
        int[] dims = new int[l.items().size()];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            Val d = l.items().get(i);
            if (d instanceof Val.BatchVal) {
                dims[i] = Shape.BATCH;
            } else if (d instanceof Val.IntVal v && v.value() == -1 && infer < 0) {
                infer = i;
            } else if (d instanceof Val.IntVal v && v.value() >= 0 && v.value() <= Integer.MAX_VALUE) {
                dims[i] = (int) v.value();
                known *= v.value();
            } else {
                throw a.fail("shape", Code.BAD_VALUE, "a shape holds sizes ≥ 0, N and at most one -1; got "
                        + Val.describe(d));
            }
        }
        if (infer >= 0) {
            long total = x.type().shape().staticElementCount();
            if (known == 0 || total % known != 0) {
                throw a.fail("shape", Code.BAD_VALUE, "cannot reshape " + x.type() + " with a −1 in the shape: "
                        + total + " elements are not a multiple of " + known);
            }
            dims[infer] = (int) (total / known);
        }
        return Args.tensor(a.op(new Reshape(Shape.of(dims)), x));
    }

    /** PyTorch's flatten: axes start..end merged into one (the IR's flatten when that gives the same). */
    private static Val flatten(Args a) {
        Sym x = a.tensor("x");
        int rank = x.type().rank();
        int start = a.axis("start_dim", rank);
        int end = a.axis("end_dim", rank);
        if (start == end) {
            return Args.tensor(x);
        }
        if (start == 1 && end == rank - 1) {
            return Args.tensor(a.op(new Flatten(1), x));
        }
        Shape s = x.type().shape();
        List<Integer> dims = new ArrayList<>();
        long merged = 1;
        boolean batch = false;
        for (int i = 0; i < rank; i++) {
            if (i < start || i > end) {
                dims.add(s.dim(i));
            } else {
                batch |= s.isBatch(i);
                merged *= s.isBatch(i) ? 1 : s.dim(i);
                if (i == end) {
                    dims.add(batch ? Shape.BATCH : (int) merged);
                }
            }
        }
        return Args.tensor(a.op(new Reshape(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray())), x));
    }

    /** split(x, size) into pieces of {@code size} (the last smaller), split(x, [a, b, ...]), chunk(x, n). */
    private static Val split(Args a, boolean chunk) {
        Sym x = a.tensor("x");
        int axis = a.axis("dim", x.type().rank());
        if (x.type().shape().isBatch(axis)) {
            throw a.fail("dim", Code.BATCH_ARITHMETIC, "cannot split the batch axis N");
        }
        int d = x.type().dim(axis);
        List<Integer> sizes = new ArrayList<>();
        String arg = chunk ? "chunks" : "split_size_or_sections";
        if (chunk || a.get(arg) instanceof Val.IntVal) {
            int n = a.smallInt(arg);
            if (n <= 0) {
                throw a.fail(arg, Code.BAD_VALUE, arg + " must be positive, got " + n);
            }
            int size = chunk ? Math.ceilDiv(d, n) : n;
            for (int left = d; left > 0; left -= size) {
                sizes.add(Math.min(size, left));
            }
            if (sizes.isEmpty()) {
                sizes.add(0);
            }
        } else {
            sizes = a.intList(arg);
        }
        List<Val> out = new ArrayList<>();
        for (Sym s : a.ops(new Split(axis, sizes), List.of(x))) {
            out.add(Args.tensor(s));
        }
        return new Val.ListVal(out);
    }

    /** PyTorch's F.pad: pairs (begin, end) from the last axis backwards. */
    private static Val pad(Args a) {
        Sym x = a.tensor("x");
        int rank = x.type().rank();
        List<Integer> p = a.intList("pad");
        if (p.size() % 2 != 0 || p.size() / 2 > rank) {
            throw a.fail("pad", Code.BAD_VALUE, "pad holds (begin, end) pairs from the last axis backwards, at most "
                    + rank + " pairs for " + x.type() + "; got " + p.size() + " values");
        }
        List<Integer> begin = new ArrayList<>(Collections.nCopies(rank, 0));
        List<Integer> end = new ArrayList<>(Collections.nCopies(rank, 0));
        for (int i = 0; i < p.size() / 2; i++) {
            begin.set(rank - 1 - i, p.get(2 * i));
            end.set(rank - 1 - i, p.get(2 * i + 1));
        }
        PadMode mode = switch (a.choice("mode", List.of("constant", "reflect", "replicate", "edge"))) {
            case "reflect" -> PadMode.REFLECT;
            case "replicate", "edge" -> PadMode.EDGE;
            default -> PadMode.CONSTANT;
        };
        return Args.tensor(a.op(new Pad(mode, begin, end, a.number("value")), x));
    }
}
