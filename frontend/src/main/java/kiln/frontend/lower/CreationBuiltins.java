package kiln.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Constant tensors made by the model: literals ({@code tensor([[1, 0], [0, 1]])}), filled shapes, and
 * ranges ({@code arange}, {@code linspace}). Their element type defaults to f32, unlike PyTorch's integer
 * {@code arange}, because they nearly always feed float arithmetic.
 */
final class CreationBuiltins {
    private CreationBuiltins() {
    }

    static void register(Builtins b) {
        b.add("tensor", "data, dtype=f32", CreationBuiltins::literal);
        b.add("zeros", "shape, dtype=f32", a -> filled(a, 0));
        b.add("ones", "shape, dtype=f32", a -> filled(a, 1));
        b.add("full", "shape, value, dtype=f32", a -> filled(a, a.number("value")));
        b.add("arange", "start, end=none, step=1, dtype=f32", a -> {
            double start = a.isNone("end") ? 0 : a.number("start");
            double end = a.isNone("end") ? a.number("start") : a.number("end");
            double step = a.number("step");
            if (step == 0) {
                throw a.fail("step", Code.BAD_VALUE, "step cannot be 0");
            }
            long n = Math.max(0, (long) Math.ceil((end - start) / step));
            double[] v = new double[size(a, "start", n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = start + i * step;
            }
            return make(a, new int[] {v.length}, v);
        });
        b.add("linspace", "start, end, steps, dtype=f32", a -> {
            double start = a.number("start");
            double end = a.number("end");
            long n = a.integer("steps");
            if (n < 0) {
                throw a.fail("steps", Code.BAD_VALUE, "steps cannot be negative, got " + n);
            }
            double[] v = new double[size(a, "steps", n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = v.length == 1 ? start : start + (end - start) * i / (v.length - 1);
            }
            return make(a, new int[] {v.length}, v);
        });
    }

    private static int size(Args a, String arg, long n) {
        if (n > Context.MAX_ELEMENTS) {
            throw a.fail(arg, Code.TOO_LARGE, "a constant of " + n + " elements is beyond the limit of "
                    + Context.MAX_ELEMENTS);
        }
        return (int) n;
    }

    private static Val filled(Args a, double value) {
        List<Integer> shape = a.intList("shape");
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw a.fail("shape", Code.BAD_SHAPE, "a dimension cannot be negative, got " + shape);
            }
            n *= d;
            size(a, "shape", n);
        }
        double[] v = new double[(int) n];
        java.util.Arrays.fill(v, value);
        return make(a, dims, v);
    }

    /** A nested list of numbers; every sublist at one depth must have the same length. */
    private static Val literal(Args a) {
        List<Integer> dims = new ArrayList<>();
        Val v = a.get("data");
        while (v instanceof Val.ListVal l) {
            dims.add(l.items().size());
            v = l.items().isEmpty() ? null : l.items().getFirst();
        }
        List<Double> values = new ArrayList<>();
        flatten(a, a.get("data"), dims, 0, values);
        double[] flat = values.stream().mapToDouble(Double::doubleValue).toArray();
        return make(a, dims.stream().mapToInt(Integer::intValue).toArray(), flat);
    }

    private static void flatten(Args a, Val v, List<Integer> dims, int depth, List<Double> out) {
        if (depth == dims.size()) {
            if (!Arithmetic.isNumber(v) && !(v instanceof Val.BoolVal)) {
                throw a.fail("data", Code.TYPE_MISMATCH, "a tensor literal holds numbers, not " + Val.describe(v));
            }
            out.add(v instanceof Val.BoolVal b ? (b.value() ? 1.0 : 0.0) : Arithmetic.number(v));
            size(a, "data", out.size());
            return;
        }
        if (!(v instanceof Val.ListVal l) || l.items().size() != dims.get(depth)) {
            throw a.fail("data", Code.BAD_SHAPE, "a tensor literal must be rectangular: expected a list of "
                    + dims.get(depth) + " at depth " + depth + ", got " + Val.describe(v));
        }
        for (Val item : l.items()) {
            flatten(a, item, dims, depth + 1, out);
        }
    }

    private static Val make(Args a, int[] dims, double[] values) {
        DType dtype = a.dtype("dtype");
        double[] data = values;
        if (dtype.isComplex()) {
            data = new double[values.length * 2];
            for (int i = 0; i < values.length; i++) {
                data[2 * i] = values[i];
            }
        }
        return Args.tensor(a.ctx().constant(Tensor.of(dtype, dims, data), a.at()));
    }
}
