package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.intAttr;

import java.util.List;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** Elementwise ops and casts for the exporter, with the compositions ONNX opset 17 needs. */
final class ExportElementwise {
    private ExportElementwise() {
    }

    static String unary(OnnxWriter w, UnaryFn fn, String x, TensorType type) {
        DType t = type.dtype();
        return switch (fn) {
            case NEG -> w.node("Neg", x);
            case ABS -> w.node("Abs", x);
            case SIGN -> w.node("Sign", x);
            case EXP -> w.node("Exp", x);
            case LOG -> w.node("Log", x);
            case SQRT -> w.node("Sqrt", x);
            case RECIPROCAL -> w.node("Reciprocal", x);
            case FLOOR -> w.node("Floor", x);
            case CEIL -> w.node("Ceil", x);
            case ROUND -> w.node("Round", x);
            case SIN -> w.node("Sin", x);
            case COS -> w.node("Cos", x);
            case ERF -> w.node("Erf", x);
            case TANH -> w.node("Tanh", x);
            case SIGMOID -> w.node("Sigmoid", x);
            // ONNX Runtime has Relu for floats only; max(x, 0) is the same function on integers.
            case RELU -> t.isInteger() ? w.node("Max", List.of(x, w.scalar(t, 0))) : w.node("Relu", x);
            case HARD_SWISH -> w.node("HardSwish", x);
            case SOFTPLUS -> w.node("Softplus", x);
            // Opset 17 has no Gelu: x·½·(1 + erf(x/√2)).
            case GELU -> {
                String e = w.node("Erf", w.node("Div", List.of(x, w.scalar(t, Math.sqrt(2)))));
                String onePlus = w.node("Add", List.of(e, w.scalar(t, 1)));
                yield w.node("Mul", List.of(w.node("Mul", List.of(x, onePlus)), w.scalar(t, 0.5)));
            }
            // ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
            case GELU_TANH -> {
                String cube = w.node("Mul", List.of(w.node("Mul", List.of(x, x)), x));
                String inner = w.node("Add", List.of(x, w.node("Mul", List.of(cube, w.scalar(t, 0.044715)))));
                String th = w.node("Tanh", w.node("Mul", List.of(inner, w.scalar(t, Math.sqrt(2 / Math.PI)))));
                String onePlus = w.node("Add", List.of(th, w.scalar(t, 1)));
                yield w.node("Mul", List.of(w.node("Mul", List.of(x, onePlus)), w.scalar(t, 0.5)));
            }
            case SILU -> w.node("Mul", List.of(x, w.node("Sigmoid", x)));
            // The conjugate flips the sign of the imaginary half of the trailing pair.
            case CONJ -> w.node("Mul", List.of(x, w.constant(Tensor.ofFloats(new int[] {2}, 1, -1))));
        };
    }

    static String binary(OnnxWriter w, BinaryFn fn, String a, String b, TensorType type) {
        if (type.dtype() == DType.C64 && (fn == BinaryFn.MUL || fn == BinaryFn.DIV)) {
            return ExportComplex.mulDiv(w, fn == BinaryFn.DIV, a, b);
        }
        String op = switch (fn) {
            case ADD -> "Add";
            case SUB -> "Sub";
            case MUL -> "Mul";
            case DIV -> "Div";
            case POW -> "Pow";
            case MAX -> "Max";
            case MIN -> "Min";
        };
        return w.node(op, List.of(a, b));
    }

    /** Cast; a real tensor becomes c64 with a zero imaginary part. */
    static String cast(OnnxWriter w, DType to, String x, TensorType from) {
        if (from.dtype() == to) {
            return w.node("Identity", x);
        }
        if (to != DType.C64) {
            return w.node("Cast", x, intAttr("to", ElementTypes.toOnnx(to)));
        }
        String re = from.dtype() == DType.F32 ? x : w.node("Cast", x, intAttr("to", ElementTypes.toOnnx(DType.F32)));
        String pair = w.node("Unsqueeze", List.of(re, w.longs(from.rank())));
        return ExportComplex.pairWithZero(w, pair, from.rank(), false);
    }
}
