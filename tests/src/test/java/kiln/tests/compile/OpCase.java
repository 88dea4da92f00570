package kiln.tests.compile;

import java.util.List;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.runtime.Tensor;

/**
 * One operation to compile and check: the op and its operands. An operand is a model input (random data at
 * run time), a parameter (a weight: a compile-time constant with Kiln's default initialisation, so the
 * compiler may pack it), or a constant tensor (indices, which must be in range).
 */
record OpCase(Op op, List<Operand> operands) {
    OpCase {
        operands = List.copyOf(operands);
    }

    static OpCase of(Op op, Operand... operands) {
        return new OpCase(op, List.of(operands));
    }

    /** An operand of the op. */
    sealed interface Operand {
        TensorType type();
    }

    /** A model input. */
    record Input(TensorType type) implements Operand {
    }

    /** A weight; its name's last part picks the default initialisation's range (e.g. {@code var}: positive). */
    record Param(String role, TensorType type) implements Operand {
    }

    /** A constant. */
    record Const(Tensor value) implements Operand {
        @Override
        public TensorType type() {
            return TensorType.of(value.dtype(), value.shape());
        }
    }

    List<TensorType> types() {
        return operands.stream().map(Operand::type).toList();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(op.toString()).append(" on ");
        for (int i = 0; i < operands.size(); i++) {
            Operand o = operands.get(i);
            sb.append(i == 0 ? "" : ", ").append(switch (o) {
                case Input in -> "input " + in.type();
                case Param p -> "param " + p.role() + " " + p.type();
                case Const c -> "constant " + c.type();
            });
        }
        return sb.toString();
    }
}
