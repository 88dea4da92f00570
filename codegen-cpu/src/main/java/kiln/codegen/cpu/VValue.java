package kiln.codegen.cpu;

import com.palantir.javapoet.CodeBlock;
import kiln.ir.loop.ScalarType;

/**
 * The value of an expression inside a vectorized loop, for all lanes at once: the same in every lane
 * ({@link Uniform}, a scalar), an i32 index {@code base + stride·lane} ({@link Affine}, kept symbolic so a
 * load at it becomes a contiguous, strided or broadcast access), or a vector ({@link Vec}: a
 * {@code FloatVector}, an {@code IntVector}, or for bool a {@code VectorMask<Float>}).
 */
sealed interface VValue {
    ScalarType type();

    record Uniform(JExpr value) implements VValue {
        @Override
        public ScalarType type() {
            return value.type();
        }
    }

    record Affine(JExpr base, long stride) implements VValue {
        @Override
        public ScalarType type() {
            return ScalarType.I32;
        }
    }

    record Vec(CodeBlock code, ScalarType type, boolean atomic) implements VValue {
        /** The code as the receiver of a method call. */
        CodeBlock receiver() {
            return atomic ? code : CodeBlock.of("($L)", code);
        }
    }

    static Vec vec(CodeBlock code, ScalarType type) {
        return new Vec(code, type, true);
    }
}
