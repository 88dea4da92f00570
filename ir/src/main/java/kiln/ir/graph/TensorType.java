package kiln.ir.graph;

import kiln.runtime.DType;

/** The type of a Graph IR value: element type and shape. */
public record TensorType(DType dtype, Shape shape) {
    public TensorType {
        if (dtype == null || shape == null) {
            throw new IrException("a tensor type needs a dtype and a shape");
        }
    }

    public static TensorType of(DType dtype, int... dims) {
        return new TensorType(dtype, Shape.of(dims));
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public TensorType withShape(Shape s) {
        return new TensorType(dtype, s);
    }

    public TensorType withDtype(DType d) {
        return new TensorType(d, shape);
    }

    /** {@code f32[N, 3, 224, 224]}. */
    @Override
    public String toString() {
        return dtype.text() + shape;
    }
}
