package kiln.frontend.lower;

import kiln.ir.graph.TensorType;

/**
 * A tensor of the graph being drafted: an input, a parameter or a node result. Graph IR values are named
 * only when the draft is finished, once every parameter name is known.
 */
public record Sym(int id, TensorType type) {
    @Override
    public String toString() {
        return "%" + id + ": " + type;
    }
}
