package kiln.runtime.model;

import java.util.Arrays;
import java.util.Objects;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** A model input or output: its name, element type and (static) shape. */
public record TensorSpec(String name, DType dtype, int[] shape) {
    public TensorSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(dtype);
        shape = shape.clone();
        Tensor.elementCount(shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long size() {
        return Tensor.elementCount(shape);
    }

    /** Whether {@code t} has this dtype and shape. */
    public boolean accepts(Tensor t) {
        if (t.dtype() != dtype || t.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (t.dim(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /** The type in Kiln's notation, e.g. {@code f32[1, 3, 224, 224]}. */
    public String typeString() {
        StringBuilder sb = new StringBuilder(dtype.text()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ": " + typeString();
    }
}
