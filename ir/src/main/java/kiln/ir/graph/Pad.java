package kiln.ir.graph;

import java.util.List;

/**
 * Pads every axis by {@code padsBegin[i]} before and {@code padsEnd[i]} after. Negative pads crop.
 * {@code value} fills the border in constant mode.
 */
public record Pad(PadMode mode, List<Integer> padsBegin, List<Integer> padsEnd, double value) implements Op {
    public Pad {
        padsBegin = List.copyOf(padsBegin);
        padsEnd = List.copyOf(padsEnd);
        Infer.length("pad", "pads_end", padsEnd, padsBegin.size());
    }

    @Override
    public String name() {
        return "pad";
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> inputs) {
        String op = name();
        Infer.arity(op, inputs, 1, 1);
        TensorType x = inputs.getFirst();
        if (x.rank() != padsBegin.size()) {
            throw new IrException(op + ": pads " + padsBegin + "/" + padsEnd + " do not fit " + x);
        }
        int[] dims = x.shape().dims();
        for (int i = 0; i < dims.length; i++) {
            int b = padsBegin.get(i);
            int e = padsEnd.get(i);
            if (b == 0 && e == 0) {
                continue;
            }
            if (x.shape().isBatch(i)) {
                throw new IrException(op + ": cannot pad the symbolic batch dimension");
            }
            long out = (long) dims[i] + b + e;
            if (out < 0) {
                throw new IrException(op + ": pads " + padsBegin + "/" + padsEnd + " crop axis " + i + " of " + x
                        + " below zero");
            }
            int grow = Math.max(b, e);
            if (mode == PadMode.REFLECT && grow >= dims[i]) {
                throw new IrException(op + ": reflect padding of " + grow + " needs an axis longer than that, axis "
                        + i + " of " + x + " is not");
            }
            if (mode == PadMode.EDGE && grow > 0 && dims[i] == 0) {
                throw new IrException(op + ": edge padding of an empty axis");
            }
            dims[i] = (int) out;
        }
        return Infer.one(x.withShape(Shape.of(dims)));
    }
}
