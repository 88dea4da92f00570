package kiln.frontend.lower;

import java.util.Collections;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;

/**
 * Pooling with PyTorch's defaults (stride = kernel size; average pooling counts padding unless told not
 * to) and reductions ({@code sum}, {@code mean}, {@code amax}, {@code amin}) over {@code dim}.
 */
final class PoolBuiltins {
    private PoolBuiltins() {
    }

    static void register(Builtins b) {
        for (int s = 1; s <= 3; s++) {
            int rank = s;
            b.add("avg_pool" + s + "d", "x, kernel_size, stride=none, padding=0, ceil_mode=false, count_include_pad=true",
                    a -> pool(a, PoolKind.AVG, rank));
            b.add("max_pool" + s + "d", "x, kernel_size, stride=none, padding=0, dilation=1, ceil_mode=false",
                    a -> pool(a, PoolKind.MAX, rank));
        }
        b.add("global_avg_pool", "x", a -> Args.tensor(a.op(new GlobalPool(PoolKind.AVG), a.tensor("x"))));
        b.add("global_max_pool", "x", a -> Args.tensor(a.op(new GlobalPool(PoolKind.MAX), a.tensor("x"))));
        b.add("adaptive_avg_pool2d", "x, output_size", a -> {
            if (!a.intList("output_size").stream().allMatch(v -> v == 1)) {
                throw a.fail("output_size", Code.BAD_VALUE, "adaptive pooling is supported to an output of size 1 "
                        + "(global pooling)");
            }
            return Args.tensor(a.op(new GlobalPool(PoolKind.AVG), a.tensor("x")));
        });
        reduce(b, "sum", ReduceKind.SUM);
        reduce(b, "mean", ReduceKind.MEAN);
        reduce(b, "amax", ReduceKind.MAX);
        reduce(b, "amin", ReduceKind.MIN);
    }

    private static Val pool(Args a, PoolKind kind, int s) {
        List<Integer> kernel = a.ints("kernel_size", s);
        List<Integer> stride = a.isNone("stride") ? kernel : a.ints("stride", s);
        List<Integer> padding = a.ints("padding", s);
        List<Integer> dilation = kind == PoolKind.MAX ? a.ints("dilation", s) : Collections.nCopies(s, 1);
        boolean countPad = kind == PoolKind.AVG && a.bool("count_include_pad");
        Pool op = new Pool(kind, kernel, stride, padding, padding, dilation, a.bool("ceil_mode"), countPad);
        return Args.tensor(a.op(op, a.tensor("x")));
    }

    private static void reduce(Builtins b, String name, ReduceKind kind) {
        b.add(name, "x, dim=none, keepdim=false", a -> reduce(a, kind));
    }

    static Val reduce(Args a, ReduceKind kind) {
        List<Integer> axes = a.isNone("dim") ? List.of() : a.intList("dim");
        return Args.tensor(a.op(new Reduce(kind, axes, a.bool("keepdim")), a.tensor("x")));
    }
}
