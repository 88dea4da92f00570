package kiln.frontend.onnx;

import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * What an ONNX value stands for while a model is imported: a graph value, a constant known at import
 * time (folded: it becomes a graph constant only if a graph node uses it), or a weight, which is a graph
 * parameter whose stored value the importer may read where an operator needs a number (its bytes are
 * never folded into constants, so a weights file can still override it).
 *
 * @param value the graph value; null for a constant not yet placed in the graph
 * @param known the value known at import time (constants and weights), else null
 * @param foldable true for constants: operations on foldable terms only are evaluated at import time
 */
record Term(TensorType type, Value value, Tensor known, boolean foldable) {

    static Term constant(Tensor t) {
        return new Term(new TensorType(t.dtype(), Shape.of(t.shape())), null, t, true);
    }

    static Term live(Value v) {
        return new Term(v.type(), v, null, false);
    }

    static Term weight(Value v, Tensor stored) {
        return new Term(v.type(), v, stored, false);
    }

    DType dtype() {
        return type.dtype();
    }

    Shape shape() {
        return type.shape();
    }

    int rank() {
        return type.rank();
    }

    int dim(int axis) {
        return type.dim(axis);
    }
}
