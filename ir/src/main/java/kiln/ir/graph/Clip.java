package kiln.ir.graph;

import java.util.List;

/** {@code min(max(x, min), max)}; an absent bound is ±infinity. NaN passes through. */
public record Clip(double min, double max) implements Op {
    public Clip {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IrException("clip: bounds must not be NaN");
        }
        if (min > max) {
            throw new IrException("clip: min " + min + " is greater than max " + max);
        }
    }

    @Override
    public String name() {
        return "clip";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        Infer.arity(name(), inputs, 1, 1);
        Infer.requireNumeric(name(), inputs.getFirst());
        return Infer.one(inputs.getFirst());
    }
}
