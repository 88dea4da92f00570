package kiln.frontend.lower;

import java.util.List;
import kiln.runtime.DType;

/**
 * A value while a model is lowered: a number, bool, string, list, dtype, the symbolic batch size, a tensor
 * of the graph being built, nothing, or the poison left by an error already reported. Any operation on
 * poison gives poison without a new diagnostic, which is what keeps one mistake from cascading.
 */
public sealed interface Val {
    record IntVal(long value) implements Val {
    }

    record FloatVal(double value) implements Val {
    }

    record BoolVal(boolean value) implements Val {
    }

    record StrVal(String value) implements Val {
    }

    record NoneVal() implements Val {
    }

    record ListVal(List<Val> items) implements Val {
        public ListVal {
            items = List.copyOf(items);
        }
    }

    /** A tensor: a value of the graph under construction. */
    record TensorVal(Sym sym) implements Val {
    }

    record DTypeVal(DType dtype) implements Val {
    }

    /** The symbolic batch size {@code N}: allowed in shapes, not in arithmetic. */
    record BatchVal() implements Val {
    }

    /** Poison: the result of something that failed and has been reported. */
    record ErrorVal() implements Val {
    }

    NoneVal NONE = new NoneVal();
    BatchVal BATCH = new BatchVal();
    ErrorVal ERROR = new ErrorVal();

    /** For messages: {@code an int (3)}, {@code a tensor f32[N, 3]}, {@code a list of 2}. */
    static String describe(Val v) {
        return switch (v) {
            case IntVal i -> "an int (" + i.value() + ")";
            case FloatVal f -> "a float (" + f.value() + ")";
            case BoolVal b -> "a bool (" + b.value() + ")";
            case StrVal s -> "a string (\"" + s.value() + "\")";
            case NoneVal n -> "none";
            case ListVal l -> "a list of " + l.items().size();
            case TensorVal t -> "a tensor " + t.sym().type();
            case DTypeVal d -> "the element type " + d.dtype().text();
            case BatchVal b -> "the batch size N";
            case ErrorVal e -> "an erroneous value";
        };
    }

    /** True when {@code v} is poison or a list holding poison at any depth. */
    static boolean poisoned(Val v) {
        return switch (v) {
            case ErrorVal e -> true;
            case ListVal l -> l.items().stream().anyMatch(Val::poisoned);
            default -> false;
        };
    }
}
