package kiln.ir.graph;

import java.util.ArrayList;
import java.util.List;

/** Cuts {@code x} along {@code axis} into consecutive pieces of the given sizes, one result each. */
public record Split(int axis, List<Integer> sizes) implements Op {
    public Split {
        sizes = List.copyOf(sizes);
        if (sizes.isEmpty()) {
            throw new IrException("split: needs at least one piece");
        }
        Infer.nonNegative("split", "sizes", sizes);
    }

    @Override
    public String name() {
        return "split";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        TensorType x = inputs.getFirst();
        int a = x.shape().axis(axis, name());
        long total = sizes.stream().mapToLong(Integer::longValue).sum();
        if (x.shape().isBatch(a) || total != x.dim(a)) {
            throw new IrException(name() + ": sizes " + sizes + " do not add up to axis " + a + " of " + x);
        }
        List<TensorType> out = new ArrayList<>();
        for (int size : sizes) {
            out.add(x.withShape(x.shape().withDim(a, size)));
        }
        return out;
    }
}
