package kiln.ir.loop;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.interp.Erf;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Executes Loop IR on concrete Java arrays: the executable definition of what a kernel computes, against
 * which generated code is tested. It runs every loop serially (a loop's kind promises independence, it
 * does not change the meaning) and computes exactly as scalar generated Java code does:
 *
 * <ul>
 *   <li>f32 arithmetic rounds to float after every operation; {@link Expr.Fma} is {@link Math#fma} rounded
 *       once; transcendental functions are {@code (float) Math.f(x)} ({@code erf} from {@link Erf}).</li>
 *   <li>Integer arithmetic wraps at the width of its type; {@code DIV} truncates toward zero,
 *       {@code FLOORDIV} and {@code MOD} round toward negative infinity; a zero divisor traps; integer
 *       {@code POW} is wrapping repeated multiplication and traps on a negative exponent.</li>
 *   <li>Bool is 0 or 1 and is stored as a byte; {@code AND} and {@code OR} of bools short-circuit like
 *       Java's {@code &&} and {@code ||}, of integers they are bitwise. {@link Expr.Select} evaluates only
 *       the chosen operand, like Java's {@code ?:}.</li>
 *   <li>{@link Expr.Convert} follows the Graph IR's cast: floats round to nearest; float to integer
 *       truncates toward zero with NaN to 0, saturating for i64 and i32 and wrapping for i8; integers
 *       convert to floats from their exact value, rounded once; integers narrow by wrapping; anything
 *       becomes bool as {@code != 0}.</li>
 *   <li>{@link Expr.Lanes} is a fixed number chosen when the interpreter is made (16 f32 lanes unless
 *       told otherwise, scaled by element width for the other types), so tests can run a schedule at
 *       every vector width.</li>
 * </ul>
 *
 * <p>Every load and store is bounds-checked against its buffer's declared size; a violation, a write to
 * an input or constant, a zero divisor and similar faults raise a {@link Trap} that names the kernel,
 * the buffer and the index. Local buffers and unwritten program storage start filled with a poison value
 * (NaN, or a conspicuous bit pattern for integers), so a kernel that reads what it never wrote shows it.
 *
 * <p>Kernels are first translated to a tree of closures (variables resolved to slots, types checked), then
 * run; an ill-formed kernel is refused with an {@link IllegalArgumentException} before anything runs.
 */
public final class LoopInterpreter {
    /** The default number of f32 lanes, as on AVX-512 machines. */
    public static final int DEFAULT_F32_LANES = 16;

    private static final long POISON = 0x5A5A5A5A5A5A5A5AL;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final int f32Lanes;

    public LoopInterpreter() {
        this(DEFAULT_F32_LANES);
    }

    /** An interpreter whose {@link Expr.Lanes} of f32 is {@code f32Lanes} (a power of two). */
    public LoopInterpreter(int f32Lanes) {
        if (f32Lanes < 1 || Integer.bitCount(f32Lanes) != 1) {
            throw new IllegalArgumentException("f32 lanes must be a positive power of two, got " + f32Lanes);
        }
        this.f32Lanes = f32Lanes;
    }

    /** The value of {@code Lanes(type)}: as many lanes as fit the vector that holds {@code f32Lanes} floats. */
    public int lanes(ScalarType type) {
        return Math.max(1, f32Lanes * 32 / type.bits());
    }

    /** A run-time fault of a kernel: out-of-bounds access, write to read-only storage, zero divisor. */
    public static final class Trap extends RuntimeException {
        public Trap(String message) {
            super(message);
        }
    }

    /** Where a program storage lives: {@code array} (of the storage's element type) from {@code offset} on. */
    public record Region(Object array, int offset) {
    }

    /**
     * Runs {@code kernel} with each parameter bound to the array given for it (of the parameter's element
     * type: float[], double[], long[], int[], byte[] for i8 and for bool), starting at index 0.
     */
    public void run(Kernel kernel, Map<Buffer, Object> arrays) {
        KernelClosures.Compiled code = compile(kernel);
        KernelClosures.Frame frame = code.frame();
        for (int i = 0; i < kernel.params().size(); i++) {
            Buffer p = kernel.params().get(i);
            Object a = arrays.get(p);
            if (a == null) {
                throw new IllegalArgumentException("kernel " + kernel.name() + ": no array for parameter " + p.name());
            }
            bind(kernel, frame, i, p, a, 0, false);
        }
        code.body().exec(frame);
    }

    /** Runs a program on the given inputs (by binding name) with fresh arrays for all storage. */
    public Map<String, Tensor> run(Program program, Map<String, Tensor> inputs) {
        return run(program, inputs, Map.of());
    }

    /**
     * Runs a program, placing the temporary and output storage named in {@code placement} at the given
     * regions (so that a memory plan, in-place updates included, runs as planned); other storage gets
     * fresh arrays. Returns the outputs by binding name, in the program's order.
     */
    public Map<String, Tensor> run(Program program, Map<String, Tensor> inputs, Map<Program.Storage, Region> placement) {
        checkInputs(program, inputs);
        Map<Program.Storage, Region> memory = new HashMap<>();
        for (Program.Storage s : program.storage()) {
            memory.put(s, switch (s.role()) {
                case INPUT -> new Region(fromTensor(s, inputOf(program, s, inputs)), 0);
                case CONSTANT -> new Region(fromTensor(s, s.constant()), 0);
                case TEMP, OUTPUT -> placement.containsKey(s) ? placement.get(s)
                        : new Region(newArray(s.type(), Math.toIntExact(s.size())), 0);
            });
        }
        Map<Kernel, KernelClosures.Compiled> compiled = new IdentityHashMap<>();
        for (Program.Call call : program.calls()) {
            Kernel k = call.kernel();
            KernelClosures.Compiled code = compiled.computeIfAbsent(k, this::compile);
            KernelClosures.Frame frame = code.frame();
            for (int i = 0; i < call.args().size(); i++) {
                Program.Storage s = call.args().get(i);
                Region r = memory.get(s);
                boolean readOnly = s.role() == Program.Role.INPUT || s.role() == Program.Role.CONSTANT;
                bind(k, frame, i, k.params().get(i), r.array(), r.offset(), readOnly);
            }
            code.body().exec(frame);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Program.Binding b : program.outputs()) {
            Region r = memory.get(b.storage());
            out.put(b.name(), toTensor(b, r));
        }
        return out;
    }

    /** A new array for {@code n} elements of {@code type}, filled with the poison value. */
    public static Object newArray(ScalarType type, int n) {
        return switch (type) {
            case F32 -> {
                float[] a = new float[n];
                Arrays.fill(a, Float.NaN);
                yield a;
            }
            case F64 -> {
                double[] a = new double[n];
                Arrays.fill(a, Double.NaN);
                yield a;
            }
            case I64 -> {
                long[] a = new long[n];
                Arrays.fill(a, POISON);
                yield a;
            }
            case I32 -> {
                int[] a = new int[n];
                Arrays.fill(a, (int) POISON);
                yield a;
            }
            case I8, BOOL -> {
                byte[] a = new byte[n];
                Arrays.fill(a, (byte) POISON);
                yield a;
            }
        };
    }

    // ---- binding storage ----------------------------------------------------------------------------

    private static void bind(Kernel k, KernelClosures.Frame f, int slot, Buffer p, Object array, int offset, boolean readOnly) {
        int length = arrayLength(p.type(), array, k, p);
        if (offset < 0 || offset + p.size() > length) {
            throw new Trap("kernel " + k.name() + ": parameter " + p.name() + " (" + p.type().text() + "[" + p.size()
                    + "]) does not fit an array of " + length + " elements at offset " + offset);
        }
        f.arrays[slot] = array;
        f.offsets[slot] = offset;
        f.readOnly[slot] = readOnly;
    }

    private static int arrayLength(ScalarType t, Object a, Kernel k, Buffer p) {
        int n = switch (t) {
            case F32 -> a instanceof float[] x ? x.length : -1;
            case F64 -> a instanceof double[] x ? x.length : -1;
            case I64 -> a instanceof long[] x ? x.length : -1;
            case I32 -> a instanceof int[] x ? x.length : -1;
            case I8, BOOL -> a instanceof byte[] x ? x.length : -1;
        };
        if (n < 0) {
            throw new IllegalArgumentException("kernel " + k.name() + ": parameter " + p.name() + " of type "
                    + t.text() + " is bound to a " + a.getClass().getSimpleName());
        }
        return n;
    }

    private static void checkInputs(Program program, Map<String, Tensor> inputs) {
        List<String> problems = new ArrayList<>();
        for (Program.Binding b : program.inputs()) {
            Tensor t = inputs.get(b.name());
            if (t == null) {
                problems.add("missing input '" + b.name() + "' (" + b.type() + ")");
            } else if (t.dtype() != b.type().dtype() || !Arrays.equals(t.shape(), b.type().shape().dims())) {
                problems.add("input '" + b.name() + "' is " + t.typeString() + " but the program expects " + b.type());
            }
        }
        for (String name : inputs.keySet()) {
            if (program.inputs().stream().noneMatch(b -> b.name().equals(name))) {
                problems.add("input '" + name + "' is not an input of program " + program.name());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    private static Tensor inputOf(Program p, Program.Storage s, Map<String, Tensor> inputs) {
        for (Program.Binding b : p.inputs()) {
            if (b.storage().equals(s)) {
                return inputs.get(b.name());
            }
        }
        throw new IllegalArgumentException("input storage " + s.name() + " has no binding in program " + p.name());
    }

    /** The elements of {@code t}, read as {@code s.size()} elements of the storage's type. */
    private static Object fromTensor(Program.Storage s, Tensor t) {
        int n = Math.toIntExact(s.size());
        MemorySegment seg = t.data();
        if (seg.byteSize() != (long) n * byteSize(s.type())) {
            throw new IllegalArgumentException("storage " + s.name() + " (" + s.type().text() + "[" + n + "]) gets "
                    + seg.byteSize() + " bytes of " + t.typeString());
        }
        return switch (s.type()) {
            case F32 -> seg.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE));
            case F64 -> seg.toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE));
            case I64 -> seg.toArray(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE));
            case I32 -> seg.toArray(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE));
            case I8 -> seg.toArray(ValueLayout.JAVA_BYTE);
            case BOOL -> {
                byte[] b = seg.toArray(ValueLayout.JAVA_BYTE);
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (b[i] != 0 ? 1 : 0);
                }
                yield b;
            }
        };
    }

    private static Tensor toTensor(Program.Binding b, Region r) {
        DType dtype = b.type().dtype();
        int[] shape = b.type().shape().dims();
        Tensor t = Tensor.zeros(dtype, shape);
        ScalarType st = b.storage().type();
        long elements = t.data().byteSize() / byteSize(st);
        // Heap arrays are in native order; tensors are little-endian.
        ValueLayout layout = switch (st) {
            case F32 -> ValueLayout.JAVA_FLOAT;
            case F64 -> ValueLayout.JAVA_DOUBLE;
            case I64 -> ValueLayout.JAVA_LONG;
            case I32 -> ValueLayout.JAVA_INT;
            case I8, BOOL -> ValueLayout.JAVA_BYTE;
        };
        MemorySegment from = switch (r.array()) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalStateException("storage array of " + r.array().getClass());
        };
        MemorySegment.copy(from, layout, layout.byteSize() * r.offset(), t.data(), layout.withOrder(LE), 0, elements);
        return t;
    }

    private static int byteSize(ScalarType t) {
        return t.bits() / 8;
    }

    private KernelClosures.Compiled compile(Kernel kernel) {
        return KernelClosures.compile(kernel, this::lanes);
    }
}
