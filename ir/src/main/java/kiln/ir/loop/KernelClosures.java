package kiln.ir.loop;

import java.util.function.ToIntFunction;
import kiln.ir.interp.Erf;

/**
 * The translation of a kernel into a tree of closures for {@link LoopInterpreter}: variables and buffers
 * resolve to slots of a {@link Frame}, types are checked, and every operation becomes a lambda that
 * computes as scalar Java code would (see {@link LoopInterpreter} for the semantics). Translating first
 * means an ill-formed kernel is refused before it runs, and the loops then run without name lookups.
 */
final class KernelClosures {
    private KernelClosures() {
    }

    @FunctionalInterface
    private interface IntCode {
        long eval(Frame f);
    }

    @FunctionalInterface
    private interface FloatCode {
        double eval(Frame f);
    }

    @FunctionalInterface
    interface StmtCode {
        void exec(Frame f);
    }

    /** The state of one kernel invocation: variable slots, and the array each buffer slot is bound to. */
    static final class Frame {
        final long[] ints;
        final double[] floats;
        final Object[] arrays;
        final int[] offsets;
        final boolean[] readOnly;

        Frame(int ints, int floats, int buffers) {
            this.ints = new long[ints];
            this.floats = new double[floats];
            this.arrays = new Object[buffers];
            this.offsets = new int[buffers];
            this.readOnly = new boolean[buffers];
        }
    }

    /** A translated kernel: its body and the frame it needs. Parameters occupy the first buffer slots. */
    record Compiled(StmtCode body, int ints, int floats, int buffers) {
        Frame frame() {
            return new Frame(ints, floats, buffers);
        }
    }

    /** A lexical scope entry: a variable or a buffer, bound to a slot. */
    private record Scope(Scope parent, String var, ScalarType type, Buffer buffer, int slot) {
        Scope findVar(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (name.equals(s.var)) {
                    return s;
                }
            }
            return null;
        }

        Scope findBuffer(Buffer b) {
            for (Scope s = this; s != null; s = s.parent) {
                if (b.equals(s.buffer)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Translates {@code kernel}; {@code lanes} gives the value of {@link Expr.Lanes} for each element type. */
    static Compiled compile(Kernel kernel, ToIntFunction<ScalarType> lanes) {
        return new Translator(kernel, lanes).translate();
    }

    /** Translates one kernel to closures, resolving names to slots and checking types. */
    private static final class Translator {
        private final Kernel kernel;
        private final ToIntFunction<ScalarType> lanes;
        private int ints;
        private int floats;
        private int buffers;

        Translator(Kernel kernel, ToIntFunction<ScalarType> lanes) {
            this.kernel = kernel;
            this.lanes = lanes;
        }

        Compiled translate() {
            Scope scope = null;
            for (Buffer p : kernel.params()) {
                if (scope != null && scope.findBuffer(p) != null) {
                    throw error("parameter " + p.name() + " is declared twice");
                }
                scope = new Scope(scope, null, null, p, buffers++);
            }
            StmtCode body = stmt(kernel.body(), scope);
            return new Compiled(body, ints, floats, buffers);
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("kernel " + kernel.name() + ": " + message);
        }

        private StmtCode stmt(Stmt s, Scope sc) {
            return switch (s) {
                case Stmt.For f -> forLoop(f, sc);
                case Stmt.Store st -> store(st, sc);
                case Stmt.Seq q -> {
                    StmtCode[] parts = q.stmts().stream().map(x -> stmt(x, sc)).toArray(StmtCode[]::new);
                    yield fr -> {
                        for (StmtCode p : parts) {
                            p.exec(fr);
                        }
                    };
                }
                case Stmt.If i -> {
                    IntCode c = bool(i.cond(), sc);
                    StmtCode then = stmt(i.then(), sc);
                    StmtCode otherwise = stmt(i.otherwise(), sc);
                    yield fr -> {
                        if (c.eval(fr) != 0) {
                            then.exec(fr);
                        } else {
                            otherwise.exec(fr);
                        }
                    };
                }
                case Stmt.Let l -> let(l, sc);
                case Stmt.Allocate a -> allocate(a, sc);
            };
        }

        private StmtCode forLoop(Stmt.For f, Scope sc) {
            IntCode extent = integer(f.extent(), sc);
            int slot = ints++;
            StmtCode body = stmt(f.body(), new Scope(sc, f.var().name(), ScalarType.I32, null, slot));
            return fr -> {
                long n = extent.eval(fr);
                for (long i = 0; i < n; i++) {
                    fr.ints[slot] = i;
                    body.exec(fr);
                }
            };
        }

        private StmtCode let(Stmt.Let l, Scope sc) {
            ScalarType t = l.var().type();
            if (t.isFloat()) {
                FloatCode v = floating(l.value(), sc);
                int slot = floats++;
                StmtCode body = stmt(l.body(), new Scope(sc, l.var().name(), t, null, slot));
                return fr -> {
                    fr.floats[slot] = v.eval(fr);
                    body.exec(fr);
                };
            }
            IntCode v = integer(l.value(), sc);
            int slot = ints++;
            StmtCode body = stmt(l.body(), new Scope(sc, l.var().name(), t, null, slot));
            return fr -> {
                fr.ints[slot] = v.eval(fr);
                body.exec(fr);
            };
        }

        private StmtCode allocate(Stmt.Allocate a, Scope sc) {
            Buffer b = a.buffer();
            if (b.size() > Integer.MAX_VALUE) {
                throw error("local buffer " + b.name() + " of " + b.size() + " elements is too large");
            }
            int n = (int) b.size();
            int slot = buffers++;
            StmtCode body = stmt(a.body(), new Scope(sc, null, null, b, slot));
            return fr -> {
                fr.arrays[slot] = LoopInterpreter.newArray(b.type(), n);
                fr.offsets[slot] = 0;
                fr.readOnly[slot] = false;
                body.exec(fr);
                fr.arrays[slot] = null;
            };
        }

        private int bufferSlot(Buffer b, Scope sc) {
            Scope s = sc == null ? null : sc.findBuffer(b);
            if (s == null) {
                throw error("buffer " + b.name() + " is neither a parameter nor allocated here");
            }
            return s.slot();
        }

        private StmtCode store(Stmt.Store st, Scope sc) {
            Buffer b = st.buffer();
            int slot = bufferSlot(b, sc);
            IntCode index = integer(st.index(), sc);
            String what = "store to " + b.name();
            long size = b.size();
            if (b.type().isFloat()) {
                FloatCode v = floating(st.value(), sc);
                boolean f32 = b.type() == ScalarType.F32;
                return fr -> {
                    long i = index.eval(fr);
                    double x = v.eval(fr);
                    int at = writable(fr, slot, i, size, what);
                    if (f32) {
                        ((float[]) fr.arrays[slot])[at] = (float) x;
                    } else {
                        ((double[]) fr.arrays[slot])[at] = x;
                    }
                };
            }
            IntCode v = integer(st.value(), sc);
            return switch (b.type()) {
                case I64 -> fr -> {
                    long i = index.eval(fr);
                    long x = v.eval(fr);
                    ((long[]) fr.arrays[slot])[writable(fr, slot, i, size, what)] = x;
                };
                case I32 -> fr -> {
                    long i = index.eval(fr);
                    long x = v.eval(fr);
                    ((int[]) fr.arrays[slot])[writable(fr, slot, i, size, what)] = (int) x;
                };
                case I8, BOOL -> fr -> {
                    long i = index.eval(fr);
                    long x = v.eval(fr);
                    ((byte[]) fr.arrays[slot])[writable(fr, slot, i, size, what)] = (byte) x;
                };
                case F32, F64 -> throw new IllegalStateException("unreachable");
            };
        }

        private int writable(Frame fr, int slot, long i, long size, String what) {
            int at = inBounds(fr, slot, i, size, what);
            if (fr.readOnly[slot]) {
                throw new LoopInterpreter.Trap("kernel " + kernel.name() + ": " + what + "[" + i + "], which is read-only storage");
            }
            return at;
        }

        /** The array position of element {@code i} of the buffer in {@code slot}, after checking its bounds. */
        private int inBounds(Frame fr, int slot, long i, long size, String what) {
            if (i < 0 || i >= size) {
                throw new LoopInterpreter.Trap("kernel " + kernel.name() + ": " + what + "[" + i + "] is out of bounds [0, " + size
                        + ")");
            }
            return fr.offsets[slot] + (int) i;
        }

        // ---- expressions -------------------------------------------------------------------------

        private IntCode bool(Expr e, Scope sc) {
            if (e.type() != ScalarType.BOOL) {
                throw error("expected a bool, got " + e.type().text() + " expression " + e);
            }
            return integer(e, sc);
        }

        /** An integer or bool expression, its value wrapped to its type's width. */
        private IntCode integer(Expr e, Scope sc) {
            ScalarType t = e.type();
            if (t.isFloat()) {
                throw error("expected an integer, got " + t.text() + " expression " + e);
            }
            return switch (e) {
                case Expr.IntImm c -> {
                    long v = c.value();
                    if (wrap(t, v) != v) {
                        throw error("constant " + v + " does not fit " + t.text());
                    }
                    yield fr -> v;
                }
                case Expr.Var v -> {
                    int slot = varSlot(v, sc);
                    yield fr -> fr.ints[slot];
                }
                case Expr.Lanes l -> {
                    long n = lanes.applyAsInt(l.elem());
                    yield fr -> n;
                }
                case Expr.Load l -> loadInt(l, sc);
                case Expr.Bin b -> intBin(b, sc);
                case Expr.Un u -> intUn(u, sc);
                case Expr.Select s -> {
                    IntCode c = bool(s.cond(), sc);
                    IntCode a = integer(s.a(), sc);
                    IntCode b = integer(s.b(), sc);
                    yield fr -> c.eval(fr) != 0 ? a.eval(fr) : b.eval(fr);
                }
                case Expr.Convert c -> toInt(t, c.a(), sc);
                case Expr.FloatImm c -> throw error("float constant in integer position: " + c);
                case Expr.Fma f -> throw error("fma of integers: " + f);
            };
        }

        private int varSlot(Expr.Var v, Scope sc) {
            Scope s = sc == null ? null : sc.findVar(v.name());
            if (s == null) {
                throw error("variable " + v.name() + " is not bound here");
            }
            if (s.type() != v.type()) {
                throw error("variable " + v.name() + " is " + s.type().text() + " but used as " + v.type().text());
            }
            return s.slot();
        }

        private IntCode loadInt(Expr.Load l, Scope sc) {
            Buffer b = l.buffer();
            int slot = bufferSlot(b, sc);
            IntCode index = integer(l.index(), sc);
            String what = "load from " + b.name();
            long size = b.size();
            return switch (b.type()) {
                case I64 -> fr -> ((long[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)];
                case I32 -> fr -> ((int[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)];
                case I8 -> fr -> ((byte[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)];
                case BOOL -> fr -> ((byte[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)] != 0
                        ? 1 : 0;
                case F32, F64 -> throw new IllegalStateException("unreachable");
            };
        }

        private IntCode intBin(Expr.Bin b, Scope sc) {
            ScalarType t = b.a().type();
            BinOp op = b.op();
            if (op.isComparison()) {
                return compare(op, b, sc);
            }
            if (t == ScalarType.BOOL && op != BinOp.AND && op != BinOp.OR && op != BinOp.MIN && op != BinOp.MAX) {
                throw error(op.text() + " of bools: " + b);
            }
            IntCode x = integer(b.a(), sc);
            IntCode y = integer(b.b(), sc);
            String where = "kernel " + kernel.name() + ": " + b;
            IntCode raw = switch (op) {
                case ADD -> fr -> x.eval(fr) + y.eval(fr);
                case SUB -> fr -> x.eval(fr) - y.eval(fr);
                case MUL -> fr -> x.eval(fr) * y.eval(fr);
                case DIV -> fr -> x.eval(fr) / divisor(y.eval(fr), where);
                case FLOORDIV -> fr -> Math.floorDiv(x.eval(fr), divisor(y.eval(fr), where));
                case MOD -> fr -> Math.floorMod(x.eval(fr), divisor(y.eval(fr), where));
                case MIN -> fr -> Math.min(x.eval(fr), y.eval(fr));
                case MAX -> fr -> Math.max(x.eval(fr), y.eval(fr));
                case POW -> fr -> power(x.eval(fr), y.eval(fr), where);
                case AND -> t == ScalarType.BOOL ? fr -> x.eval(fr) != 0 && y.eval(fr) != 0 ? 1 : 0
                        : fr -> x.eval(fr) & y.eval(fr);
                case OR -> t == ScalarType.BOOL ? fr -> x.eval(fr) != 0 || y.eval(fr) != 0 ? 1 : 0
                        : fr -> x.eval(fr) | y.eval(fr);
                case LT, LE, EQ, NE -> throw new IllegalStateException("unreachable");
            };
            return wrapped(t, raw);
        }

        private IntCode compare(BinOp op, Expr.Bin b, Scope sc) {
            if (b.a().type().isFloat()) {
                FloatCode x = floating(b.a(), sc);
                FloatCode y = floating(b.b(), sc);
                return switch (op) {
                    case LT -> fr -> x.eval(fr) < y.eval(fr) ? 1 : 0;
                    case LE -> fr -> x.eval(fr) <= y.eval(fr) ? 1 : 0;
                    case EQ -> fr -> x.eval(fr) == y.eval(fr) ? 1 : 0;
                    case NE -> fr -> x.eval(fr) != y.eval(fr) ? 1 : 0;
                    default -> throw new IllegalStateException("not a comparison: " + op);
                };
            }
            IntCode x = integer(b.a(), sc);
            IntCode y = integer(b.b(), sc);
            return switch (op) {
                case LT -> fr -> x.eval(fr) < y.eval(fr) ? 1 : 0;
                case LE -> fr -> x.eval(fr) <= y.eval(fr) ? 1 : 0;
                case EQ -> fr -> x.eval(fr) == y.eval(fr) ? 1 : 0;
                case NE -> fr -> x.eval(fr) != y.eval(fr) ? 1 : 0;
                default -> throw new IllegalStateException("not a comparison: " + op);
            };
        }

        private IntCode intUn(Expr.Un u, Scope sc) {
            ScalarType t = u.a().type();
            if (u.op() == UnOp.NOT) {
                IntCode x = bool(u.a(), sc);
                return fr -> 1 - x.eval(fr);
            }
            if (t == ScalarType.BOOL || (u.op() != UnOp.NEG && u.op() != UnOp.ABS)) {
                throw error(u.op().text() + " of " + t.text() + ": " + u);
            }
            IntCode x = integer(u.a(), sc);
            return wrapped(t, u.op() == UnOp.NEG ? fr -> -x.eval(fr) : fr -> Math.abs(x.eval(fr)));
        }

        private IntCode toInt(ScalarType t, Expr from, Scope sc) {
            if (from.type().isFloat()) {
                FloatCode x = floating(from, sc);
                return switch (t) {
                    case I64 -> fr -> (long) x.eval(fr);
                    case I32 -> fr -> (int) x.eval(fr);
                    case I8 -> fr -> (byte) (long) x.eval(fr);
                    case BOOL -> fr -> x.eval(fr) != 0 ? 1 : 0;
                    case F32, F64 -> throw new IllegalStateException("unreachable");
                };
            }
            return wrapped(t, integer(from, sc));
        }

        /** A float expression; an f32 value is always a float held in a double. */
        private FloatCode floating(Expr e, Scope sc) {
            ScalarType t = e.type();
            if (!t.isFloat()) {
                throw error("expected a float, got " + t.text() + " expression " + e);
            }
            boolean f32 = t == ScalarType.F32;
            return switch (e) {
                case Expr.FloatImm c -> {
                    double v = f32 ? (float) c.value() : c.value();
                    yield fr -> v;
                }
                case Expr.Var v -> {
                    int slot = varSlot(v, sc);
                    yield fr -> fr.floats[slot];
                }
                case Expr.Load l -> {
                    int slot = bufferSlot(l.buffer(), sc);
                    IntCode index = integer(l.index(), sc);
                    String what = "load from " + l.buffer().name();
                    long size = l.buffer().size();
                    yield f32 ? fr -> ((float[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)]
                            : fr -> ((double[]) fr.arrays[slot])[inBounds(fr, slot, index.eval(fr), size, what)];
                }
                case Expr.Bin b -> floatBin(b, f32, sc);
                case Expr.Un u -> floatUn(u, f32, sc);
                case Expr.Fma f -> {
                    FloatCode a = floating(f.a(), sc);
                    FloatCode b = floating(f.b(), sc);
                    FloatCode c = floating(f.c(), sc);
                    yield f32 ? fr -> Math.fma((float) a.eval(fr), (float) b.eval(fr), (float) c.eval(fr))
                            : fr -> Math.fma(a.eval(fr), b.eval(fr), c.eval(fr));
                }
                case Expr.Select s -> {
                    IntCode c = bool(s.cond(), sc);
                    FloatCode a = floating(s.a(), sc);
                    FloatCode b = floating(s.b(), sc);
                    yield fr -> c.eval(fr) != 0 ? a.eval(fr) : b.eval(fr);
                }
                case Expr.Convert c -> {
                    if (c.a().type().isFloat()) {
                        FloatCode x = floating(c.a(), sc);
                        yield f32 ? fr -> (float) x.eval(fr) : x;
                    }
                    IntCode x = integer(c.a(), sc);
                    yield f32 ? fr -> (float) x.eval(fr) : fr -> (double) x.eval(fr);
                }
                case Expr.IntImm c -> throw error("integer constant in float position: " + c);
                case Expr.Lanes l -> throw error("lanes in float position: " + l);
            };
        }

        private FloatCode floatBin(Expr.Bin b, boolean f32, Scope sc) {
            FloatCode x = floating(b.a(), sc);
            FloatCode y = floating(b.b(), sc);
            FloatCode raw = switch (b.op()) {
                case ADD -> fr -> x.eval(fr) + y.eval(fr);
                case SUB -> fr -> x.eval(fr) - y.eval(fr);
                case MUL -> fr -> x.eval(fr) * y.eval(fr);
                case DIV -> fr -> x.eval(fr) / y.eval(fr);
                case MIN -> fr -> Math.min(x.eval(fr), y.eval(fr));
                case MAX -> fr -> Math.max(x.eval(fr), y.eval(fr));
                case POW -> fr -> Math.pow(x.eval(fr), y.eval(fr));
                case FLOORDIV, MOD, AND, OR, LT, LE, EQ, NE -> throw error(b.op().text() + " of floats: " + b);
            };
            return f32 ? fr -> (float) raw.eval(fr) : raw;
        }

        private FloatCode floatUn(Expr.Un u, boolean f32, Scope sc) {
            FloatCode x = floating(u.a(), sc);
            FloatCode raw = switch (u.op()) {
                case NEG -> fr -> -x.eval(fr);
                case ABS -> fr -> Math.abs(x.eval(fr));
                case EXP -> fr -> Math.exp(x.eval(fr));
                case LOG -> fr -> Math.log(x.eval(fr));
                case SQRT -> fr -> Math.sqrt(x.eval(fr));
                case TANH -> fr -> Math.tanh(x.eval(fr));
                case ERF -> fr -> Erf.erf(x.eval(fr));
                case SIN -> fr -> Math.sin(x.eval(fr));
                case COS -> fr -> Math.cos(x.eval(fr));
                case FLOOR -> fr -> Math.floor(x.eval(fr));
                case CEIL -> fr -> Math.ceil(x.eval(fr));
                case RINT -> fr -> Math.rint(x.eval(fr));
                case NOT -> throw error("not of a float: " + u);
            };
            return f32 ? fr -> (float) raw.eval(fr) : raw;
        }
    }

    private static IntCode wrapped(ScalarType t, IntCode raw) {
        return switch (t) {
            case I64 -> raw;
            case I32 -> fr -> (int) raw.eval(fr);
            case I8 -> fr -> (byte) raw.eval(fr);
            case BOOL -> fr -> raw.eval(fr) != 0 ? 1 : 0;
            case F32, F64 -> throw new IllegalArgumentException("not an integer type: " + t);
        };
    }

    /** {@code v} wrapped to the width of integer type {@code t} (bool: {@code != 0}). */
    private static long wrap(ScalarType t, long v) {
        return switch (t) {
            case I64 -> v;
            case I32 -> (int) v;
            case I8 -> (byte) v;
            case BOOL -> v != 0 ? 1 : 0;
            case F32, F64 -> throw new IllegalArgumentException("not an integer type: " + t);
        };
    }

    private static long divisor(long d, String where) {
        if (d == 0) {
            throw new LoopInterpreter.Trap(where + ": integer division by zero");
        }
        return d;
    }

    /** Wrapping integer power by repeated squaring. */
    private static long power(long base, long exponent, String where) {
        if (exponent < 0) {
            throw new LoopInterpreter.Trap(where + ": integer power with negative exponent " + exponent);
        }
        long result = 1;
        long b = base;
        for (long e = exponent; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }
}
