package kiln.ir.graph;

import java.util.List;

/**
 * A strided window, with ONNX Slice semantics: for each listed axis, negative {@code starts}/{@code ends}
 * count from the end, both are clamped to the axis, and {@code steps} may be negative. Unlisted axes are
 * kept whole.
 */
public record Slice(List<Integer> starts, List<Integer> ends, List<Integer> axes, List<Integer> steps)
        implements Op {
    public Slice {
        starts = List.copyOf(starts);
        ends = List.copyOf(ends);
        axes = List.copyOf(axes);
        steps = List.copyOf(steps);
        Infer.length("slice", "ends", ends, starts.size());
        Infer.length("slice", "axes", axes, starts.size());
        Infer.length("slice", "steps", steps, starts.size());
        if (steps.contains(0)) {
            throw new IrException("slice: steps must not be 0, got " + steps);
        }
    }

    /** Where each input axis starts, its step and how many elements it keeps. */
    public record Range(int start, int step, int count) {
    }

    @Override
    public String name() {
        return "slice";
    }

    /** The resolved window for every axis of an input of the given shape. */
    public Range[] resolve(Shape in) {
        Range[] ranges = new Range[in.rank()];
        for (int i = 0; i < in.rank(); i++) {
            ranges[i] = new Range(0, 1, in.dim(i));
        }
        List<Integer> normalised = Infer.axes(name(), axes, in.rank());
        for (int j = 0; j < normalised.size(); j++) {
            int a = normalised.get(j);
            if (in.isBatch(a)) {
                throw new IrException(name() + ": cannot slice the symbolic batch dimension");
            }
            long d = in.dim(a);
            if (d == 0) {
                ranges[a] = new Range(0, steps.get(j), 0);
                continue;
            }
            long step = steps.get(j);
            long start = starts.get(j);
            long end = ends.get(j);
            start = start < 0 ? start + d : start;
            end = end < 0 ? end + d : end;
            long count;
            if (step > 0) {
                start = Math.clamp(start, 0, d);
                end = Math.clamp(end, 0, d);
                count = Math.max(0, Math.ceilDiv(end - start, step));
            } else {
                start = Math.clamp(start, 0, d - 1);
                end = Math.clamp(end, -1, d - 1);
                count = Math.max(0, Math.ceilDiv(start - end, -step));
            }
            ranges[a] = new Range((int) start, (int) step, (int) count);
        }
        return ranges;
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Range[] ranges = resolve(x.shape());
        int[] dims = new int[ranges.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = x.shape().isBatch(i) ? Shape.BATCH : ranges[i].count();
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
