package kiln.ir.interp;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.IrException;
import kiln.ir.graph.UnaryFn;

/**
 * What each elementwise function means on one element: in double for floats, in exact two's-complement
 * long arithmetic for integers. Functions a dtype does not accept (see {@link UnaryFn#accepts}) never
 * reach here, because type inference refuses them.
 */
final class ScalarMath {
    private static final double SQRT_HALF = 0.70710678118654752440;
    /** 1/√2 minus its double, so x/√2 can be formed to twice the precision. */
    private static final double SQRT_HALF_LO = -4.8336466567264565e-17;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;

    private ScalarMath() {
    }

    static DoubleUnaryOperator unary(UnaryFn fn) {
        return switch (fn) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            // signum keeps NaN and the sign of zero.
            case SIGN -> Math::signum;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case RECIPROCAL -> x -> 1 / x;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            // rint rounds half to even, as ONNX Round.
            case ROUND -> Math::rint;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case ERF -> Erf::erf;
            case TANH -> Math::tanh;
            case SIGMOID -> ScalarMath::sigmoid;
            case RELU -> ScalarMath::relu;
            case GELU -> ScalarMath::gelu;
            case GELU_TANH -> x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SILU -> x -> x * sigmoid(x);
            case HARD_SWISH -> x -> x * Math.min(Math.max(x + 3, 0), 6) / 6;
            // log(1 + eˣ) rearranged so that it neither overflows for large x nor loses bits for small.
            case SOFTPLUS -> x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case CONJ -> x -> x;
        };
    }

    static LongUnaryOperator unaryLong(UnaryFn fn) {
        return switch (fn) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Long::signum;
            case RELU -> x -> Math.max(x, 0);
            case EXP, LOG, SQRT, RECIPROCAL, FLOOR, CEIL, ROUND, SIN, COS, ERF, TANH, SIGMOID, GELU, GELU_TANH,
                    SILU, HARD_SWISH, SOFTPLUS, CONJ -> throw new IllegalStateException(fn + " on integers");
        };
    }

    /** relu(x) = max(x, 0) with relu(-0) = +0 and relu(NaN) = NaN, as PyTorch. */
    static double relu(double x) {
        return x > 0 || Double.isNaN(x) ? x : 0.0;
    }

    /**
     * x·Φ(x) with Φ(x) = erfc(-x/√2)/2, not (1 + erf(x/√2))/2, which cancels to 0 for x ≪ 0. In the tail
     * erfc's relative slope is about 2|z|, so the rounding of z = -x/√2 alone would cost ~1e-14; z's
     * rounding error is recovered with an fma and applied as a first-order correction.
     */
    static double gelu(double x) {
        double z = -x * SQRT_HALF;
        if (!Double.isFinite(z)) {
            // gelu(+inf) = +inf; gelu(-inf) = -inf·0 = NaN, as in PyTorch.
            return 0.5 * x * Erf.erfc(z);
        }
        double dz = Math.fma(-x, SQRT_HALF, -z) - x * SQRT_HALF_LO;
        double erfc = Erf.erfc(z) - dz * TWO_OVER_SQRT_PI * Math.exp(-z * z);
        return 0.5 * x * erfc;
    }

    /** The logistic function, written so that neither branch overflows. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static DoubleBinaryOperator binary(BinaryFn fn) {
        return switch (fn) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> ScalarMath::pow;
            // Math.max/min propagate NaN and order -0 below +0 (IEEE 754-2019 maximum/minimum).
            case MAX -> Math::max;
            case MIN -> Math::min;
        };
    }

    /**
     * C99 / numpy {@code pow}: as {@link Math#pow} except that 1 to any power, and -1 to an infinite
     * power, are 1 (Java gives NaN for those).
     */
    static double pow(double a, double b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b))) {
            return 1;
        }
        return Math.pow(a, b);
    }

    static LongBinaryOperator binaryLong(BinaryFn fn) {
        return switch (fn) {
            case ADD -> Long::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> ScalarMath::divide;
            case POW -> ScalarMath::pow;
            case MAX -> Math::max;
            case MIN -> Math::min;
        };
    }

    /** Integer division truncating toward zero; a zero divisor is an error, not an exception of Java's. */
    static long divide(long a, long b) {
        if (b == 0) {
            throw new IrException("div: integer division by zero (" + a + " / 0)");
        }
        return a / b;
    }

    /**
     * Integer power by repeated squaring, wrapping like repeated multiplication. A negative exponent has
     * no integer result (numpy refuses it too).
     */
    static long pow(long base, long exponent) {
        if (exponent < 0) {
            throw new IrException("pow: integer " + base + " to the negative power " + exponent
                    + " has no integer result");
        }
        long result = 1;
        long b = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return result;
    }
}
