package kiln.ir.graph;

import java.util.List;

/** Average or max over all spatial positions: {@code x[N, C, spatial...] -> [N, C, 1, ...]}. */
public record GlobalPool(PoolKind kind) implements Op {
    @Override
    public String name() {
        return "global_" + kind.text() + "_pool";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        Infer.requireFloat(name(), x);
        Infer.rankAtLeast(name(), x, 3);
        int[] dims = x.shape().dims();
        for (int i = 2; i < dims.length; i++) {
            if (dims[i] == 0 || dims[i] == Shape.BATCH) {
                throw new IrException(name() + ": cannot pool over an empty or symbolic axis of " + x);
            }
            dims[i] = 1;
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
