package kiln.passes.lower;

import static kiln.passes.lower.Exprs.add;
import static kiln.passes.lower.Exprs.div;
import static kiln.passes.lower.Exprs.imm;
import static kiln.passes.lower.Exprs.max;
import static kiln.passes.lower.Exprs.min;
import static kiln.passes.lower.Exprs.mul;
import static kiln.passes.lower.Exprs.neg;
import static kiln.passes.lower.Exprs.select;
import static kiln.passes.lower.Exprs.un;

import kiln.ir.graph.UnaryFn;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.UnOp;

/**
 * The unary functions and activations as compositions of Loop IR operators, in the element type itself
 * (f32 for f32 tensors): each step rounds, so a composite activation is a few ulps from the reference's
 * once-rounded double result, far inside the 1e-5 normwise bar, and stays vectorisable in f32. The
 * formulas keep the reference's behaviour at NaN, ±0 and ±infinity where that costs no more than a select:
 * {@code relu} is {@code max(x, 0)} (NaN stays NaN, -0 becomes +0), {@code sign} keeps NaN and the sign of
 * zero, and the sigmoid family uses the form whose exponential cannot overflow.
 */
final class UnaryMath {
    private static final double SQRT_HALF = 0.70710678118654752440;
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;

    private UnaryMath() {
    }

    /** {@code fn(x)} for a real {@code x} of type {@code t}; repeated subterms are let-bound. */
    static Expr apply(UnaryFn fn, Expr x, ScalarType t, Lets lets) {
        return switch (fn) {
            case NEG -> neg(x);
            case ABS -> un(UnOp.ABS, x);
            case SIGN -> select(Exprs.lt(imm(t, 0), x), imm(t, 1), select(Exprs.lt(x, imm(t, 0)), imm(t, -1), x));
            case EXP -> un(UnOp.EXP, x);
            case LOG -> un(UnOp.LOG, x);
            case SQRT -> un(UnOp.SQRT, x);
            case RECIPROCAL -> div(imm(t, 1), x);
            case FLOOR -> un(UnOp.FLOOR, x);
            case CEIL -> un(UnOp.CEIL, x);
            case ROUND -> un(UnOp.RINT, x);
            case SIN -> un(UnOp.SIN, x);
            case COS -> un(UnOp.COS, x);
            case ERF -> un(UnOp.ERF, x);
            case TANH -> un(UnOp.TANH, x);
            case SIGMOID -> sigmoid(x, t, lets);
            case RELU -> max(x, imm(t, 0));
            // 0.5·x·(1 + erf(x/√2)).
            case GELU -> mul(mul(imm(t, 0.5), x), add(imm(t, 1), un(UnOp.ERF, mul(x, imm(t, SQRT_HALF)))));
            case GELU_TANH -> {
                Expr cube = mul(mul(x, x), x);
                Expr inner = mul(imm(t, SQRT_2_OVER_PI), add(x, mul(imm(t, 0.044715), cube)));
                yield mul(mul(imm(t, 0.5), x), add(imm(t, 1), un(UnOp.TANH, inner)));
            }
            case SILU -> mul(x, sigmoid(x, t, lets));
            // x·min(max(x + 3, 0), 6)/6.
            case HARD_SWISH -> div(mul(x, min(max(add(x, imm(t, 3)), imm(t, 0)), imm(t, 6))), imm(t, 6));
            // max(x, 0) + log(1 + exp(-|x|)): no overflow for large x.
            case SOFTPLUS -> add(max(x, imm(t, 0)),
                    un(UnOp.LOG, add(imm(t, 1), un(UnOp.EXP, neg(un(UnOp.ABS, x))))));
            case CONJ -> throw new IllegalStateException("conj of a real tensor");
        };
    }

    /**
     * The logistic function as the reference writes it: {@code 1/(1 + e)} for x ≥ 0 and {@code e/(1 + e)}
     * otherwise, with {@code e = exp(-|x|)}, so neither branch overflows; NaN falls to the second branch
     * and stays NaN.
     */
    static Expr sigmoid(Expr x, ScalarType t, Lets lets) {
        Expr e = lets.let("e", un(UnOp.EXP, neg(un(UnOp.ABS, x))));
        Expr d = lets.let("d", add(imm(t, 1), e));
        return select(new Expr.Bin(BinOp.LE, imm(t, 0), x), div(imm(t, 1), d), div(e, d));
    }
}
