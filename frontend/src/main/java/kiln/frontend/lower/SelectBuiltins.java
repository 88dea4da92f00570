package kiln.frontend.lower;

import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Where;
import kiln.runtime.DType;

/**
 * Selection built-ins with PyTorch's names and argument orders: {@code where(condition, x, y)} picks by a bool
 * mask (the comparisons {@code == != < <= > >=} on tensors make one), {@code gather(x, dim, index)} picks one
 * element along {@code dim} for each index (PyTorch's {@code torch.gather}, ONNX's GatherElements).
 */
final class SelectBuiltins {
    private SelectBuiltins() {
    }

    static void register(Builtins b) {
        b.add("where", "condition, x, y", SelectBuiltins::where);
        b.add("gather", "x, dim, index", a -> Args.tensor(a.op(new GatherElements(a.smallInt("dim")), a.tensor("x"),
                a.tensor("index"))));
        b.alias("gather_elements", "gather");
    }

    /** Either value may be a number, which becomes a scalar of the other's element type, as in PyTorch. */
    private static Val where(Args a) {
        Sym cond = a.tensor("condition");
        Val x = a.get("x");
        Val y = a.get("y");
        Sym t = x instanceof Val.TensorVal tx ? tx.sym() : y instanceof Val.TensorVal ty ? ty.sym() : null;
        if (t == null) {
            throw a.wrongKind("x", "a tensor (at least one of x and y)");
        }
        DType dtype = t.type().dtype();
        return Args.tensor(a.op(new Where(), cond, operand(a, "x", dtype), operand(a, "y", dtype)));
    }

    private static Sym operand(Args a, String name, DType dtype) {
        return switch (a.get(name)) {
            case Val.TensorVal t -> t.sym();
            case Val.IntVal i -> a.scalar(dtype, i.value());
            case Val.FloatVal f when dtype.isFloat() || dtype.isComplex() -> a.scalar(dtype, f.value());
            case Val.BoolVal v when dtype == DType.BOOL -> a.scalar(dtype, v.value() ? 1 : 0);
            default -> throw a.wrongKind(name, "a tensor or a number of the other value's element type");
        };
    }
}
