package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.Expr;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Squeeze;

/**
 * {@code list[i]}, {@code list[a:b]} and numpy-style tensor indexing: {@code x[..., :L]}, {@code x[:, 0]},
 * {@code x[::-1]}. A position drops its axis (a slice, then a squeeze); ranges keep it (one slice for all
 * axes); {@code ...} stands for as many whole axes as needed. Starts and stops are clamped as in Python.
 */
final class Indexing {
    private Indexing() {
    }

    static Val index(Context ctx, Val target, List<Val[]> items, Expr.Index e) {
        if (Val.poisoned(target) || items.stream().anyMatch(i -> java.util.Arrays.stream(i)
                .anyMatch(v -> v != null && Val.poisoned(v)))) {
            return Val.ERROR;
        }
        return switch (target) {
            case Val.ListVal l -> list(l, items, e);
            case Val.TensorVal t -> tensor(ctx, t.sym(), items, e);
            default -> throw new Failure(Code.TYPE_MISMATCH, e.target().span(), "only lists and tensors can be indexed,"
                    + " not " + Val.describe(target));
        };
    }

    private static Val list(Val.ListVal l, List<Val[]> items, Expr.Index e) {
        if (items.size() != 1 || items.getFirst().length == 0) {
            throw new Failure(Code.TYPE_MISMATCH, e.span(), "a list takes one index or one range");
        }
        Val[] item = items.getFirst();
        Span at = e.items().getFirst().span();
        int n = l.items().size();
        if (item.length == 1) {
            long i = Evaluator.integer(item[0], at, "a list index");
            long k = i < 0 ? i + n : i;
            if (k < 0 || k >= n) {
                throw new Failure(Code.INDEX_OUT_OF_RANGE, at, "index " + i + " is out of range for a list of " + n);
            }
            return l.items().get((int) k);
        }
        long step = item[2] == null ? 1 : Evaluator.integer(item[2], at, "a step");
        if (step == 0) {
            throw new Failure(Code.BAD_VALUE, at, "a step cannot be 0");
        }
        Slice.Range r = range(item, n, step, at);
        List<Val> out = new ArrayList<>();
        for (int k = 0; k < r.count(); k++) {
            out.add(l.items().get(r.start() + k * r.step()));
        }
        return new Val.ListVal(out);
    }

    /** Python's slice arithmetic for a sequence of length n. */
    private static Slice.Range range(Val[] item, int n, long step, Span at) {
        long start = item[0] == null ? (step > 0 ? 0 : n - 1) : Evaluator.integer(item[0], at, "a start");
        long stop = item[1] == null ? (step > 0 ? n : -n - 1) : Evaluator.integer(item[1], at, "a stop");
        start = start < 0 ? start + n : start;
        stop = stop < 0 ? stop + n : stop;
        long count;
        if (step > 0) {
            start = Math.clamp(start, 0, n);
            stop = Math.clamp(stop, 0, n);
            count = Math.max(0, Math.ceilDiv(stop - start, step));
        } else {
            start = Math.clamp(start, -1, n - 1);
            stop = Math.clamp(stop, -1, n - 1);
            count = Math.max(0, Math.ceilDiv(start - stop, -step));
        }
        return new Slice.Range((int) start, (int) step, (int) count);
    }

    private static Val tensor(Context ctx, Sym x, List<Val[]> items, Expr.Index e) {
        Shape shape = x.type().shape();
        int rank = shape.rank();
        int ellipses = (int) items.stream().filter(i -> i.length == 0).count();
        int explicit = items.size() - ellipses;
        if (ellipses > 1) {
            throw new Failure(Code.BAD_VALUE, e.span(), "an index can hold at most one '...'");
        }
        if (explicit > rank) {
            throw new Failure(Code.INDEX_OUT_OF_RANGE, e.span(), explicit + " indices for a tensor of rank " + rank
                    + " (" + x.type() + ")");
        }
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        List<Integer> squeezed = new ArrayList<>();
        int axis = 0;
        for (int j = 0; j < items.size(); j++) {
            Val[] item = items.get(j);
            Span at = e.items().get(j).span();
            if (item.length == 0) {
                axis += rank - explicit;
                continue;
            }
            if (item.length == 1) {
                long i = Evaluator.integer(item[0], at, "a tensor index");
                requireStatic(shape, axis, at);
                long d = shape.dim(axis);
                long k = i < 0 ? i + d : i;
                if (k < 0 || k >= d) {
                    throw new Failure(Code.INDEX_OUT_OF_RANGE, at, "index " + i + " is out of range for axis " + axis
                            + " of size " + d + " (" + x.type() + ")");
                }
                add(starts, ends, axes, steps, axis, k, k + 1, 1);
                squeezed.add(axis);
            } else if (item[0] != null || item[1] != null || item[2] != null) {
                long step = item[2] == null ? 1 : Evaluator.integer(item[2], at, "a step");
                if (step == 0) {
                    throw new Failure(Code.BAD_VALUE, at, "a step cannot be 0");
                }
                requireStatic(shape, axis, at);
                Slice.Range r = range(item, shape.dim(axis), step, at);
                add(starts, ends, axes, steps, axis, r.start(), (long) r.start() + (long) r.count() * step, step);
            }
            axis++;
        }
        Sym out = x;
        String label = "indexing";
        if (!axes.isEmpty()) {
            out = ctx.node1(new Slice(starts, ends, axes, steps), List.of(out), e.span(), label);
        }
        if (!squeezed.isEmpty()) {
            out = ctx.node1(new Squeeze(squeezed), List.of(out), e.span(), label);
        }
        return new Val.TensorVal(out);
    }

    /** Adds one axis to a Slice: the window from start (inclusive) to end (exclusive), which can be −1 when stepping down. */
    private static void add(List<Integer> starts, List<Integer> ends, List<Integer> axes, List<Integer> steps, int axis,
            long start, long end, long step) {
        axes.add(axis);
        starts.add((int) start);
        // A negative end would count from the back; past the front is expressed by the most negative int.
        ends.add(end < 0 ? Integer.MIN_VALUE : (int) Math.min(end, Integer.MAX_VALUE));
        steps.add(Math.clamp(step, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private static void requireStatic(Shape shape, int axis, Span at) {
        if (shape.isBatch(axis)) {
            throw new Failure(Code.BATCH_ARITHMETIC, at, "axis " + axis + " is the batch axis N; it can only be taken "
                    + "whole (:)");
        }
    }
}
