package kiln.codegen.cpu;

import static kiln.codegen.cpu.ClassFields.FLOAT_VECTOR;
import static kiln.codegen.cpu.ClassFields.VECTOR_OPERATORS;

import com.palantir.javapoet.CodeBlock;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.UnOp;
import kiln.runtime.exec.FloatErf;

/**
 * Vector functions the Vector API lacks — erf, floor, ceil, rint — written into the kernel as code. A runtime
 * method taking and returning vectors would do, if the JIT inlined it; but such a method is hot on its own
 * before its callers are, gets compiled alone, and from then on is "already compiled into a big method" that
 * callers do not inline, so every call boxes its vectors (measured: 20 ns per element instead of 3). Code in
 * the kernel has no call to lose.
 *
 * <p>erf follows {@link FloatErf} exactly (its coefficients and ranges), so it computes what the scalar twin
 * computes but for the exponential (the Vector API's, within an ulp). floor, ceil and rint are exact: for
 * |x| &lt; 2²³ through an int conversion (rint: adding and subtracting 2²³, which rounds half to even), with
 * the sign of x restored so −0 and zero results from negative inputs keep Java's sign; larger magnitudes,
 * infinities and NaN are integral already and pass through.
 */
final class VectorFunctionEmitter {
    private static final String TWO_POW_23 = "8388608f";
    private final ClassFields cls;
    private final Names names;

    VectorFunctionEmitter(ClassFields cls, Names names) {
        this.cls = cls;
        this.names = names;
    }

    /** {@code op(x)} for an f32 vector x: statements into {@code out}, and the vector holding the result. */
    VValue.Vec emit(UnOp op, VValue.Vec x, CodeBlock.Builder out) {
        return switch (op) {
            case ERF -> erf(x, out);
            case FLOOR, CEIL, RINT -> rounding(op, x, out);
            default -> throw new IllegalArgumentException(op + " is not a function of this emitter");
        };
    }

    private VValue.Vec rounding(UnOp op, VValue.Vec x, CodeBlock.Builder out) {
        String v = temp(out, "x", x.code());
        CodeBlock rounded;
        if (op == UnOp.RINT) {
            rounded = CodeBlock.of("$N.abs().add($L).sub($L)", v, TWO_POW_23, TWO_POW_23);
        } else {
            String t = temp(out, "t", CodeBlock.of("($T) $N.convert($T.F2I, 0).convert($T.I2F, 0)", FLOAT_VECTOR, v,
                    VECTOR_OPERATORS, VECTOR_OPERATORS));
            rounded = op == UnOp.FLOOR
                    ? CodeBlock.of("$N.sub(1f, $N.compare($T.GT, $N))", t, t, VECTOR_OPERATORS, v)
                    : CodeBlock.of("$N.add(1f, $N.compare($T.LT, $N))", t, t, VECTOR_OPERATORS, v);
        }
        return VValue.vec(CodeBlock.of("$N.blend($L, $N.abs().compare($T.LT, $L))", v, copySign(rounded, v), v,
                VECTOR_OPERATORS, TWO_POW_23), ScalarType.F32);
    }

    /** |magnitude| with the sign bit of {@code sign}. */
    private static CodeBlock copySign(CodeBlock magnitude, String sign) {
        return CodeBlock.of("$L.abs().reinterpretAsInts().or($N.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats()",
                magnitude, sign);
    }

    private VValue.Vec erf(VValue.Vec x, CodeBlock.Builder out) {
        String v = temp(out, "x", x.code());
        String a = temp(out, "ax", CodeBlock.of("$N.abs()", v));
        String r = names.fresh("erf");
        out.addStatement("$T $N = $N.fma($L, $N)", FLOAT_VECTOR, r, v,
                polynomial(CodeBlock.of("$N.mul($N)", v, v), FloatErf.q(), out), v);
        String outer = temp(out, "outer", CodeBlock.of("$N.compare($T.GE, $Lf)", a, VECTOR_OPERATORS, FloatErf.SMALL_END),
                ClassFields.FLOAT_MASK);
        out.beginControlFlow("if ($N.anyTrue())", outer);
        String mid = names.fresh("mid");
        out.addStatement("$T $N = $L.add($Lf)", FLOAT_VECTOR, mid,
                polynomial(CodeBlock.of("$N.sub($Lf)", a, FloatErf.MID), FloatErf.m(), out), FloatErf.ERF_MID);
        String far = temp(out, "far", CodeBlock.of("$N.compare($T.GE, $Lf)", a, VECTOR_OPERATORS, FloatErf.MID_END),
                ClassFields.FLOAT_MASK);
        out.beginControlFlow("if ($N.anyTrue())", far);
        // erfc = exp(-x²)·R: x² = hi + lo exactly, exp(-hi - lo) ≈ exp(-hi)·(1 - lo)
        String hi = temp(out, "hi", CodeBlock.of("$N.mul($N)", a, a));
        String lo = temp(out, "lo", CodeBlock.of("$N.fma($N, $N.neg())", a, a, hi));
        String e = temp(out, "e", CodeBlock.of("$N.neg().lanewise($T.EXP)", hi, VECTOR_OPERATORS));
        String erfc = temp(out, "erfc", CodeBlock.of("$N.neg().fma($N, $N).mul($L)", e, lo, e,
                polynomial(CodeBlock.of("$N.sub($Lf)", a, FloatErf.FAR), FloatErf.r(), out)));
        out.addStatement("$N = $N.blend($T.broadcast($L, 1f).sub($N), $N).blend(1f, $N.compare($T.GE, $Lf))", mid, mid,
                FLOAT_VECTOR, cls.floatSpecies(), erfc, far, a, VECTOR_OPERATORS, FloatErf.ONE_FROM);
        out.endControlFlow();
        // mid is positive: or-ing in x's sign bit gives erf's oddness.
        out.addStatement("$N = $N.blend($N.reinterpretAsInts().or($N.reinterpretAsInts().and(0x80000000))"
                + ".reinterpretAsFloats(), $N)", r, r, mid, v, outer);
        out.endControlFlow();
        return VValue.vec(CodeBlock.of("$N", r), ScalarType.F32);
    }

    /** Horner's scheme in fmas over {@code c} (lowest degree first), with u computed once. */
    private CodeBlock polynomial(CodeBlock u, float[] c, CodeBlock.Builder out) {
        String name = temp(out, "u", u);
        CodeBlock p = CodeBlock.of("$N.fma($Lf, $Lf)", name, c[c.length - 1], c[c.length - 2]);
        for (int i = c.length - 3; i >= 0; i--) {
            p = CodeBlock.of("$L.fma($N, $T.broadcast($L, $Lf))", p, name, FLOAT_VECTOR, cls.floatSpecies(), c[i]);
        }
        return p;
    }

    private String temp(CodeBlock.Builder out, String base, CodeBlock code) {
        return temp(out, base, code, FLOAT_VECTOR);
    }

    private String temp(CodeBlock.Builder out, String base, CodeBlock code, com.palantir.javapoet.TypeName type) {
        String name = names.fresh(base);
        out.addStatement("final $T $N = $L", type, name, code);
        return name;
    }
}
