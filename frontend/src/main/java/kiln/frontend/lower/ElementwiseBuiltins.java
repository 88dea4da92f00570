package kiln.frontend.lower;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import kiln.frontend.diag.Code;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;

/**
 * Elementwise built-ins: the unary functions and activations (the math ones also work on plain numbers),
 * the binary functions with broadcasting, clamps and shrinks, StarReLU, casts, and complex parts.
 */
final class ElementwiseBuiltins {
    private ElementwiseBuiltins() {
    }

    static void register(Builtins b) {
        unary(b, "neg", UnaryFn.NEG, null);
        unary(b, "abs", UnaryFn.ABS, Math::abs);
        unary(b, "sign", UnaryFn.SIGN, Math::signum);
        unary(b, "exp", UnaryFn.EXP, Math::exp);
        unary(b, "log", UnaryFn.LOG, Math::log);
        unary(b, "sqrt", UnaryFn.SQRT, Math::sqrt);
        unary(b, "reciprocal", UnaryFn.RECIPROCAL, null);
        unary(b, "floor", UnaryFn.FLOOR, Math::floor);
        unary(b, "ceil", UnaryFn.CEIL, Math::ceil);
        unary(b, "round", UnaryFn.ROUND, Math::rint);
        unary(b, "sin", UnaryFn.SIN, Math::sin);
        unary(b, "cos", UnaryFn.COS, Math::cos);
        unary(b, "tanh", UnaryFn.TANH, Math::tanh);
        unary(b, "erf", UnaryFn.ERF, null);
        unary(b, "sigmoid", UnaryFn.SIGMOID, null);
        unary(b, "relu", UnaryFn.RELU, null);
        unary(b, "silu", UnaryFn.SILU, null);
        unary(b, "hardswish", UnaryFn.HARD_SWISH, null);
        unary(b, "softplus", UnaryFn.SOFTPLUS, null);
        unary(b, "conj", UnaryFn.CONJ, null);
        b.alias("hard_swish", "hardswish");
        b.add("gelu", "x, approximate=\"none\"", a -> {
            boolean tanh = a.choice("approximate", List.of("none", "tanh")).equals("tanh");
            return Args.tensor(a.op(new Unary(tanh ? UnaryFn.GELU_TANH : UnaryFn.GELU), a.tensor("x")));
        });

        b.add("activation", "x, name", ElementwiseBuiltins::activation);

        binary(b, "add", BinaryFn.ADD);
        binary(b, "sub", BinaryFn.SUB);
        binary(b, "mul", BinaryFn.MUL);
        binary(b, "div", BinaryFn.DIV);
        binary(b, "pow", BinaryFn.POW);
        binary(b, "maximum", BinaryFn.MAX);
        binary(b, "minimum", BinaryFn.MIN);

        b.add("leaky_relu", "x, negative_slope=0.01",
                a -> Args.tensor(a.op(new LeakyRelu(a.number("negative_slope")), a.tensor("x"))));
        b.add("hardsigmoid", "x, alpha=0.16666666666666666, beta=0.5",
                a -> Args.tensor(a.op(new HardSigmoid(a.number("alpha"), a.number("beta")), a.tensor("x"))));
        b.alias("hard_sigmoid", "hardsigmoid");
        b.add("relu6", "x", a -> Args.tensor(a.op(new Clip(0, 6), a.tensor("x"))));
        b.add("clamp", "x, min=-inf, max=inf",
                a -> Args.tensor(a.op(new Clip(a.number("min"), a.number("max")), a.tensor("x"))));
        b.alias("clip", "clamp");
        b.add("softshrink", "x, lambd=0.5", a -> {
            double l = a.number("lambd");
            return Args.tensor(a.op(new Shrink(l, l), a.tensor("x")));
        });
        b.add("hardshrink", "x, lambd=0.5", a -> Args.tensor(a.op(new Shrink(a.number("lambd"), 0), a.tensor("x"))));
        b.add("shrink", "x, lambd=0.5, bias=0.0",
                a -> Args.tensor(a.op(new Shrink(a.number("lambd"), a.number("bias")), a.tensor("x"))));
        b.add("star_relu", "x, scale, bias",
                a -> Args.tensor(a.op(new StarRelu(), a.tensor("x"), a.tensor("scale"), a.tensor("bias"))));

        b.add("cast", "x, dtype", a -> Args.tensor(a.op(new Cast(a.dtype("dtype")), a.tensor("x"))));
        b.alias("to", "cast");
        b.add("real", "x", a -> Args.tensor(a.op(new ComplexPart(false), a.tensor("x"))));
        b.add("imag", "x", a -> Args.tensor(a.op(new ComplexPart(true), a.tensor("x"))));
        b.add("complex", "real, imag",
                a -> Args.tensor(a.op(new MakeComplex(), a.tensor("real"), a.tensor("imag"))));
    }

    /** Activation names a block can take as a string argument (e.g. {@code act="gelu"}). */
    static final List<String> ACTIVATIONS = List.of("identity", "relu", "relu6", "gelu", "gelu_tanh", "silu",
            "sigmoid", "tanh", "hardswish", "hardsigmoid", "leaky_relu", "softplus");

    private static Val activation(Args a) {
        Sym x = a.tensor("x");
        return switch (a.choice("name", ACTIVATIONS)) {
            case "identity" -> Args.tensor(x);
            case "relu" -> Args.tensor(a.op(new Unary(UnaryFn.RELU), x));
            case "relu6" -> Args.tensor(a.op(new Clip(0, 6), x));
            case "gelu" -> Args.tensor(a.op(new Unary(UnaryFn.GELU), x));
            case "gelu_tanh" -> Args.tensor(a.op(new Unary(UnaryFn.GELU_TANH), x));
            case "silu" -> Args.tensor(a.op(new Unary(UnaryFn.SILU), x));
            case "sigmoid" -> Args.tensor(a.op(new Unary(UnaryFn.SIGMOID), x));
            case "tanh" -> Args.tensor(a.op(new Unary(UnaryFn.TANH), x));
            case "hardswish" -> Args.tensor(a.op(new Unary(UnaryFn.HARD_SWISH), x));
            case "hardsigmoid" -> Args.tensor(a.op(new HardSigmoid(1.0 / 6, 0.5), x));
            case "leaky_relu" -> Args.tensor(a.op(new LeakyRelu(0.01), x));
            default -> Args.tensor(a.op(new Unary(UnaryFn.SOFTPLUS), x));
        };
    }

    /**
     * A unary function of a tensor; with {@code scalar} set, also of a number (floor, ceil and round of a
     * number give an int, abs and sign of an int an int, the others a float).
     */
    private static void unary(Builtins b, String name, UnaryFn fn, DoubleUnaryOperator scalar) {
        b.add(name, "x", a -> {
            Val x = a.get("x");
            if (scalar != null && Arithmetic.isNumber(x)) {
                double r = scalar.applyAsDouble(Arithmetic.number(x));
                boolean integral = fn == UnaryFn.FLOOR || fn == UnaryFn.CEIL || fn == UnaryFn.ROUND
                        || (x instanceof Val.IntVal && (fn == UnaryFn.ABS || fn == UnaryFn.SIGN));
                if (!integral) {
                    return new Val.FloatVal(r);
                }
                if (Double.isNaN(r) || Math.abs(r) >= 0x1p63) {
                    throw a.fail("x", Code.INTEGER_OVERFLOW, name + "(" + Arithmetic.number(x) + ") is not an int "
                            + "that fits in 64 bits");
                }
                if (x instanceof Val.IntVal i && fn == UnaryFn.ABS && i.value() == Long.MIN_VALUE) {
                    throw a.fail("x", Code.INTEGER_OVERFLOW, "abs(" + i.value() + ") does not fit in 64 bits");
                }
                return new Val.IntVal((long) r);
            }
            if (!(x instanceof Val.TensorVal)) {
                throw a.wrongKind("x", scalar == null ? "a tensor" : "a tensor or a number");
            }
            return Args.tensor(a.op(new Unary(fn), a.tensor("x")));
        });
    }

    /** A binary function of two tensors, or of a tensor and a number (made a constant of the tensor's dtype). */
    private static void binary(Builtins b, String name, BinaryFn fn) {
        b.add(name, "x, y", a -> {
            Val x = a.get("x");
            Val y = a.get("y");
            Sym t = x instanceof Val.TensorVal tx ? tx.sym() : y instanceof Val.TensorVal ty ? ty.sym() : null;
            if (t == null) {
                throw a.wrongKind("x", "a tensor (at least one of x and y)");
            }
            return Args.tensor(a.op(new Binary(fn), operand(a, "x", t.type().dtype()), operand(a, "y",
                    t.type().dtype())));
        });
    }

    private static Sym operand(Args a, String name, DType dtype) {
        return switch (a.get(name)) {
            case Val.TensorVal t -> t.sym();
            case Val.IntVal i -> a.scalar(dtype, i.value());
            case Val.FloatVal f when dtype.isFloat() || dtype.isComplex() -> a.scalar(dtype, f.value());
            default -> throw a.wrongKind(name, "a tensor or a number of the other tensor's element type");
        };
    }
}
