package kiln.ir.graph;

import java.util.List;

/** One operation applied to input values, defining its result values. */
public record Node(Op op, List<Value> inputs, List<Value> outputs) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Value input(int i) {
        return inputs.get(i);
    }

    /** The first (usually only) result. */
    public Value output() {
        return outputs.getFirst();
    }
}
