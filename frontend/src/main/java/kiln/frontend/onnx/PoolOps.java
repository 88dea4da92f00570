package kiln.frontend.onnx;

import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;

/** AveragePool, MaxPool and the global pools. */
final class PoolOps {
    private PoolOps() {
    }

    static List<Term> averagePool(NodeContext n) {
        boolean includePad = n.attrs().getInt("count_include_pad", 0) != 0;
        return List.of(pool(n, PoolKind.AVG, n.opset() >= 19, includePad));
    }

    static List<Term> maxPool(NodeContext n) {
        n.onlyOutputs(1, "indices");
        // storage_order only affects the indices output.
        n.attrs().getInt("storage_order", 0);
        return List.of(pool(n, PoolKind.MAX, n.opset() >= 10, false));
    }

    private static Term pool(NodeContext n, PoolKind kind, boolean dilations, boolean includePad) {
        Term x = n.in(0);
        long[] k = n.attrs().getInts("kernel_shape");
        if (k == null) {
            throw NodeError.invalid("the required attribute 'kernel_shape' is missing");
        }
        int[] kernel = Arrays.stream(k).mapToInt(v -> NodeContext.toInt(v, "kernel size")).toArray();
        boolean ceil = n.attrs().getInt("ceil_mode", 0) != 0;
        Windows win = Windows.read(n, x.shape(), kernel, dilations);
        Pool op = new Pool(kind, Windows.list(kernel), win.strides(), win.padsBegin(), win.padsEnd(), win.dilations(),
                ceil, includePad);
        return n.apply(op, x);
    }

    static List<Term> global(NodeContext n, PoolKind kind) {
        return List.of(n.apply(new GlobalPool(kind), n.in(0)));
    }
}
