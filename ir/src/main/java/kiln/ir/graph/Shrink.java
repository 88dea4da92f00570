package kiln.ir.graph;

import java.util.List;

/**
 * ONNX Shrink: {@code x < -lambd ? x + bias : x > lambd ? x - bias : 0}. Soft shrinkage is
 * {@code bias = lambd}, hard shrinkage {@code bias = 0}.
 */
public record Shrink(double lambd, double bias) implements Op {
    public Shrink {
        if (lambd < 0) {
            throw new IrException("shrink: lambd must not be negative, got " + lambd);
        }
    }

    @Override
    public String name() {
        return "shrink";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        return Activation.floatElementwise(name(), inputs);
    }
}
