package kiln.ir.graph;

/**
 * An SSA value of a graph: a graph input, a parameter (weight) or a node result. Its name is unique
 * within its graph; for inputs and parameters it is the name users bind data to (e.g.
 * {@code stage1.block0.conv1.weight}).
 */
public record Value(String name, TensorType type) {
    public Value {
        if (name == null || name.isEmpty()) {
            throw new IrException("a value needs a name");
        }
    }

    @Override
    public String toString() {
        return "%" + name;
    }
}
