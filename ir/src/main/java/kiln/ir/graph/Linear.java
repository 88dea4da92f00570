package kiln.ir.graph;

import java.util.List;

/** A fully connected layer over the last axis: {@code x[..., in] · w[out, in]ᵀ + bias[out]} (bias optional). */
public record Linear() implements Op {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 2, 3);
        TensorType x = inputs.get(0);
        TensorType w = inputs.get(1);
        Infer.requireFloat(op, x);
        Infer.sameDtype(op, x, w);
        Infer.rankAtLeast(op, x, 1);
        if (w.rank() != 2 || w.dim(1) != x.dim(x.rank() - 1)) {
            throw new IrException(op + ": weight must be [out, " + x.dim(x.rank() - 1) + "] for input " + x
                    + ", got " + w);
        }
        if (inputs.size() == 3) {
            Infer.sameDtype(op, x, inputs.get(2));
            Infer.channelVector(op, "bias", inputs.get(2), w.dim(0));
        }
        return Infer.one(x.withShape(x.shape().withDim(x.rank() - 1, w.dim(0))));
    }
}
