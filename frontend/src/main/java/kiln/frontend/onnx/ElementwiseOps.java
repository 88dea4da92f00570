package kiln.frontend.onnx;

import java.util.List;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.runtime.DType;

/**
 * Elementwise ONNX operators: arithmetic (variadic ones as chains), activations (composed from IR ops where
 * the IR has no direct one), clipping, casts, boolean logic and the identities.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static List<Term> binary(NodeContext n, BinaryFn fn) {
        return List.of(n.apply(new Binary(fn), n.in(0), n.in(1)));
    }

    static List<Term> unary(NodeContext n, UnaryFn fn) {
        return List.of(n.apply(new Unary(fn), n.in(0)));
    }

    /**
     * Pow's exponent may have another type than its base; the result has the base's type. A float base
     * takes the exponent converted; an integer base with a float exponent is computed in f64 and truncated,
     * as ONNX Runtime does.
     */
    static List<Term> pow(NodeContext n) {
        Term x = n.in(0);
        Term y = n.in(1);
        Binary pow = new Binary(BinaryFn.POW);
        if (x.dtype() == y.dtype()) {
            return List.of(n.apply(pow, x, y));
        }
        if (x.dtype().isFloat() || y.dtype().isInteger()) {
            return List.of(n.apply(pow, x, cast(n, y, x.dtype())));
        }
        Term r = n.apply(pow, cast(n, x, DType.F64), cast(n, y, DType.F64));
        return List.of(cast(n, r, x.dtype()));
    }

    /** Max, Min, Sum and Mean over one or more broadcast inputs. */
    static List<Term> variadic(NodeContext n, BinaryFn fn, boolean mean) {
        if (n.inputCount() == 0) {
            throw NodeError.invalid("needs at least one input");
        }
        Term acc = n.in(0);
        for (int i = 1; i < n.inputCount(); i++) {
            acc = n.apply(new Binary(fn), acc, n.in(i));
        }
        if (mean && n.inputCount() > 1) {
            acc = n.apply(new Binary(BinaryFn.DIV), acc, NodeContext.scalar(acc.dtype(), n.inputCount()));
        }
        return List.of(acc);
    }

    static List<Term> identity(NodeContext n) {
        return List.of(n.in(0));
    }

    /** Inference-mode dropout passes its input through; training mode and the mask output are refused. */
    static List<Term> dropout(NodeContext n) {
        n.attrs().getFloat("ratio", 0.5);
        n.attrs().getInt("seed", 0);
        if (n.opset() < 7) {
            n.attrs().getInt("is_test", 0);
        }
        n.onlyOutputs(1, "mask");
        if (n.opt(2) != null) {
            long[] training = n.knownInts(2, "training_mode");
            if (training.length == 1 && training[0] != 0) {
                throw NodeError.unsupported("dropout in training mode");
            }
        }
        return List.of(n.in(0));
    }

    static List<Term> leakyRelu(NodeContext n) {
        return List.of(n.apply(new LeakyRelu(n.attrs().getFloat("alpha", 0.01f)), n.in(0)));
    }

    static List<Term> hardSigmoid(NodeContext n) {
        double alpha = n.attrs().getFloat("alpha", 0.2f);
        double beta = n.attrs().getFloat("beta", 0.5f);
        return List.of(n.apply(new HardSigmoid(alpha, beta), n.in(0)));
    }

    static List<Term> shrink(NodeContext n) {
        double bias = n.attrs().getFloat("bias", 0);
        double lambd = n.attrs().getFloat("lambd", 0.5f);
        return List.of(n.apply(new Shrink(lambd, bias), n.in(0)));
    }

    /** Elu: {@code relu(x) + alpha·(exp(min(x, 0)) − 1)}, exact where x > 0. */
    static List<Term> elu(NodeContext n) {
        return List.of(elu(n, n.in(0), n.attrs().getFloat("alpha", 1.0f), 1));
    }

    /** Selu: {@code gamma · elu_alpha(x)}. */
    static List<Term> selu(NodeContext n) {
        double alpha = n.attrs().getFloat("alpha", 1.67326319217681884765625f);
        double gamma = n.attrs().getFloat("gamma", 1.05070102214813232421875f);
        Term e = elu(n, n.in(0), alpha, 1);
        return List.of(mul(n, e, NodeContext.scalar(e.dtype(), gamma)));
    }

    /** Celu: {@code relu(x) + alpha·(exp(min(x, 0)/alpha) − 1)}. */
    static List<Term> celu(NodeContext n) {
        double alpha = n.attrs().getFloat("alpha", 1.0f);
        return List.of(elu(n, n.in(0), alpha, 1 / alpha));
    }

    private static Term elu(NodeContext n, Term x, double alpha, double inner) {
        DType t = x.dtype();
        Term neg = n.apply(new Binary(BinaryFn.MIN), x, NodeContext.scalar(t, 0));
        if (inner != 1) {
            neg = mul(n, neg, NodeContext.scalar(t, inner));
        }
        Term em1 = n.apply(new Binary(BinaryFn.SUB), n.apply(new Unary(UnaryFn.EXP), neg), NodeContext.scalar(t, 1));
        Term scaled = alpha == 1 ? em1 : mul(n, em1, NodeContext.scalar(t, alpha));
        return n.apply(new Binary(BinaryFn.ADD), n.apply(new Unary(UnaryFn.RELU), x), scaled);
    }

    /** PRelu: {@code relu(x) + slope·min(x, 0)}; both terms are exact where the other is zero. */
    static List<Term> prelu(NodeContext n) {
        Term x = n.in(0);
        Term neg = n.apply(new Binary(BinaryFn.MIN), x, NodeContext.scalar(x.dtype(), 0));
        Term r = n.apply(new Binary(BinaryFn.ADD), n.apply(new Unary(UnaryFn.RELU), x), mul(n, neg, n.in(1)));
        if (!r.shape().equals(x.shape())) {
            throw NodeError.invalid("the slope " + n.in(1).type() + " does not broadcast to the input " + x.type());
        }
        return List.of(r);
    }

    /** Softsign: {@code x / (1 + |x|)}. */
    static List<Term> softsign(NodeContext n) {
        Term x = n.in(0);
        Term abs = n.apply(new Unary(UnaryFn.ABS), x);
        Term d = n.apply(new Binary(BinaryFn.ADD), abs, NodeContext.scalar(x.dtype(), 1));
        return List.of(n.apply(new Binary(BinaryFn.DIV), x, d));
    }

    /** Mish: {@code x · tanh(softplus(x))}. */
    static List<Term> mish(NodeContext n) {
        Term x = n.in(0);
        Term t = n.apply(new Unary(UnaryFn.TANH), n.apply(new Unary(UnaryFn.SOFTPLUS), x));
        return List.of(mul(n, x, t));
    }

    /** Gelu (opset 20): exact, or the tanh approximation. */
    static List<Term> gelu(NodeContext n) {
        String approximate = n.attrs().getString("approximate", "none");
        UnaryFn fn = switch (approximate) {
            case "none" -> UnaryFn.GELU;
            case "tanh" -> UnaryFn.GELU_TANH;
            default -> throw NodeError.unsupported("approximate='" + approximate + "'");
        };
        return List.of(n.apply(new Unary(fn), n.in(0)));
    }

    /**
     * Clip: bounds are attributes before opset 11, optional inputs after. Known bounds make a clip op;
     * bounds computed at run time make max/min. ONNX gives max when min > max, which clipping to [max, max]
     * reproduces.
     */
    static List<Term> clip(NodeContext n) {
        Term x = n.in(0);
        if (n.opset() < 11) {
            double lo = n.attrs().getFloat("min", Double.NEGATIVE_INFINITY);
            double hi = n.attrs().getFloat("max", Double.POSITIVE_INFINITY);
            return List.of(clip(n, x, lo, hi));
        }
        Term lo = n.opt(1);
        Term hi = n.opt(2);
        if ((lo == null || lo.known() != null) && (hi == null || hi.known() != null)) {
            double l = lo == null ? Double.NEGATIVE_INFINITY : bound(lo);
            double h = hi == null ? Double.POSITIVE_INFINITY : bound(hi);
            return List.of(clip(n, x, l, h));
        }
        Term r = x;
        if (lo != null) {
            r = n.apply(new Binary(BinaryFn.MAX), r, lo);
        }
        if (hi != null) {
            r = n.apply(new Binary(BinaryFn.MIN), r, hi);
        }
        return List.of(r);
    }

    private static double bound(Term t) {
        if (t.known().size() != 1) {
            throw NodeError.invalid("a clip bound must be a scalar, got " + t.type());
        }
        return t.known().getDouble(0);
    }

    private static Term clip(NodeContext n, Term x, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw NodeError.unsupported("a NaN clip bound");
        }
        return n.apply(new Clip(Math.min(lo, hi), hi), x);
    }

    static List<Term> cast(NodeContext n) {
        long to = n.attrs().requireInt("to");
        if (n.opset() >= 19) {
            n.attrs().getInt("saturate", 1);
        }
        DType t = ElementTypes.toDType((int) to);
        if (t == null) {
            throw NodeError.unsupportedType("cast to " + ElementTypes.name((int) to));
        }
        return List.of(cast(n, n.in(0), t));
    }

    static List<Term> castLike(NodeContext n) {
        if (n.opset() >= 19) {
            n.attrs().getInt("saturate", 1);
        }
        return List.of(cast(n, n.in(0), n.in(1).dtype()));
    }

    static Term cast(NodeContext n, Term x, DType to) {
        return x.dtype() == to ? x : n.apply(new Cast(to), x);
    }

    /** Not, And, Or and Xor on bools, computed as i8 arithmetic: min, max, |a − b| and 1 − a. */
    static List<Term> logic(NodeContext n, String op) {
        Term a = cast(n, n.in(0), DType.I8);
        Term r = switch (op) {
            case "Not" -> n.apply(new Binary(BinaryFn.SUB), NodeContext.scalar(DType.I8, 1), a);
            case "And" -> n.apply(new Binary(BinaryFn.MIN), a, cast(n, n.in(1), DType.I8));
            case "Or" -> n.apply(new Binary(BinaryFn.MAX), a, cast(n, n.in(1), DType.I8));
            case "Xor" -> n.apply(new Unary(UnaryFn.ABS),
                    n.apply(new Binary(BinaryFn.SUB), a, cast(n, n.in(1), DType.I8)));
            default -> throw new IllegalArgumentException(op);
        };
        return List.of(cast(n, r, DType.BOOL));
    }

    static Term mul(NodeContext n, Term a, Term b) {
        return n.apply(new Binary(BinaryFn.MUL), a, b);
    }
}
