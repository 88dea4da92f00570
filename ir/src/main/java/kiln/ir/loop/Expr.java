package kiln.ir.loop;

import java.util.Objects;

/**
 * A Loop IR expression: a pure function of loop variables, let-bound variables and buffer contents.
 * Every expression has a scalar type; vectorisation is a property of the enclosing loop, not of the
 * expression.
 */
public sealed interface Expr {
    ScalarType type();

    /** An integer constant. */
    record IntImm(ScalarType type, long value) implements Expr {
        public IntImm {
            if (!type.isInteger() && type != ScalarType.BOOL) {
                throw new IllegalArgumentException("integer constant of type " + type);
            }
        }
    }

    /** A floating-point constant. An f32 constant holds a float: its value is rounded to float. */
    record FloatImm(ScalarType type, double value) implements Expr {
        public FloatImm {
            if (!type.isFloat()) {
                throw new IllegalArgumentException("float constant of type " + type);
            }
            if (type == ScalarType.F32) {
                value = (float) value;
            }
        }
    }

    /** A loop variable or a {@link Stmt.Let}-bound value. Variables are equal when their names are. */
    record Var(String name, ScalarType type) implements Expr {
        public Var {
            Objects.requireNonNull(name);
        }
    }

    /**
     * The number of lanes of the machine's preferred vector for {@code elem}: a constant fixed when the
     * generated code starts (16 f32 lanes with AVX-512, 8 with AVX2, 4 with 128-bit vectors). Schedules use
     * it to tile for registers without knowing the machine ahead of time.
     *
     * <p>The vector is one of {@link #VECTOR_BITS} wide, the same for every element type in one run. The
     * simplifier relies on this: it removes a guard only when it holds at each of these widths (so a tile of
     * {@code lanes(f32)} divides 64 elements), and a local tile sized in lanes is declared for the widest.
     * A code generator on a machine with wider vectors must use a 512-bit species.
     */
    record Lanes(ScalarType elem) implements Expr {
        /** The vector widths in bits a run may have, narrowest first. */
        public static final java.util.List<Integer> VECTOR_BITS = java.util.List.of(128, 256, 512);

        @Override
        public ScalarType type() {
            return ScalarType.I32;
        }

        /** The value at a vector width of {@code vectorBits}. */
        public int count(int vectorBits) {
            return vectorBits / elem.bits();
        }
    }

    /** {@code buffer[index]}. */
    record Load(Buffer buffer, Expr index) implements Expr {
        @Override
        public ScalarType type() {
            return buffer.type();
        }
    }

    /** Arithmetic, comparison and logic of two operands of the same type. */
    record Bin(BinOp op, Expr a, Expr b) implements Expr {
        public Bin {
            if (a.type() != b.type()) {
                throw new IllegalArgumentException(op + " of " + a.type() + " and " + b.type());
            }
        }

        @Override
        public ScalarType type() {
            return op.isComparison() ? ScalarType.BOOL : a.type();
        }
    }

    /** A function of one operand. */
    record Un(UnOp op, Expr a) implements Expr {
        @Override
        public ScalarType type() {
            return op == UnOp.NOT ? ScalarType.BOOL : a.type();
        }
    }

    /** {@code a * b + c}, rounded once. */
    record Fma(Expr a, Expr b, Expr c) implements Expr {
        public Fma {
            if (a.type() != b.type() || b.type() != c.type() || !a.type().isFloat()) {
                throw new IllegalArgumentException("fma of " + a.type() + ", " + b.type() + ", " + c.type());
            }
        }

        @Override
        public ScalarType type() {
            return a.type();
        }
    }

    /** {@code cond ? a : b}. */
    record Select(Expr cond, Expr a, Expr b) implements Expr {
        public Select {
            if (cond.type() != ScalarType.BOOL || a.type() != b.type()) {
                throw new IllegalArgumentException("select(" + cond.type() + ", " + a.type() + ", " + b.type() + ")");
            }
        }

        @Override
        public ScalarType type() {
            return a.type();
        }
    }

    /** A conversion with the rules of the Graph IR's cast. */
    record Convert(ScalarType type, Expr a) implements Expr {
    }
}
