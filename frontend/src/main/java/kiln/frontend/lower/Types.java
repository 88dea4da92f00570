package kiln.frontend.lower;

import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.Decl;

/** The declared types of block arguments, checked when a block is instantiated. */
final class Types {
    private Types() {
    }

    /** {@code v} as the argument {@code p} takes it (an int given for a float becomes a float), or a K0401. */
    static Val accept(Decl.BlockParam p, Val v, Span at, String block) {
        if (p.type() == null || v instanceof Val.ErrorVal) {
            return v;
        }
        boolean ok = switch (p.type()) {
            case "int" -> v instanceof Val.IntVal;
            case "float" -> v instanceof Val.IntVal || v instanceof Val.FloatVal;
            case "bool" -> v instanceof Val.BoolVal;
            case "string" -> v instanceof Val.StrVal;
            case "tensor" -> v instanceof Val.TensorVal;
            case "ints" -> v instanceof Val.ListVal l && l.items().stream().allMatch(i -> i instanceof Val.IntVal);
            default -> true;
        };
        if (!ok) {
            Code code = v instanceof Val.BatchVal ? Code.BATCH_ARITHMETIC : Code.TYPE_MISMATCH;
            throw new Failure(code, at, "argument '" + p.name() + "' of block " + block + " is declared " + p.type()
                    + ", got " + Val.describe(v));
        }
        if (p.type().equals("float") && v instanceof Val.IntVal i) {
            return new Val.FloatVal(i.value());
        }
        return v;
    }
}
