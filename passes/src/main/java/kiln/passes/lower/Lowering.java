package kiln.passes.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Node;
import kiln.ir.graph.Output;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.graph.Weights;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Lowers a Graph IR graph with static shapes to a Loop IR {@link Program}: every node becomes the naive
 * kernels of its compute definition ({@link ComputeDefinitions}), run in the graph's order.
 *
 * <p>Storage: graph inputs are {@code INPUT} storage, weights and constants {@code CONSTANT} storage (holding
 * the tensor), node results {@code TEMP} storage, and the storage behind each graph output {@code OUTPUT}.
 * Views (reshape, flatten, squeeze, unsqueeze) emit no kernel: the result shares its input's storage. Where
 * sharing would let an output alias an input, a constant or another output, the output gets storage of its
 * own and a copy kernel at the end of the program. A c64 tensor is stored as interleaved f32 pairs.
 *
 * <p>Requires: a verified graph without the symbolic batch size (call {@link Graph#bindBatch} first), whose
 * tensors each have fewer than 2³¹ stored elements (kernels index with i32). Establishes: a program whose
 * run computes the graph's outputs as the reference interpreter does, within the accumulation error each
 * compute definition documents; kernel, storage and loop names are deterministic.
 */
public final class Lowering {
    private Lowering() {
    }

    /** Lowers {@code graph} with its weights, one tensor per parameter by name (checked as {@link Weights#bind}). */
    public static Program lower(Graph graph, Map<String, Tensor> weights) {
        return lower(graph, weights, (kernel, node) -> { });
    }

    /**
     * Lowers as {@link #lower(Graph, Map)} and tells {@code origin} the node each kernel computes (null for the
     * copy kernels of outputs), so that a compiler can say what each kernel of a compiled model does.
     */
    public static Program lower(Graph graph, Map<String, Tensor> weights, BiConsumer<Kernel, Node> origin) {
        if (!graph.isStatic()) {
            throw new IrException("lowering " + graph.name() + " needs static shapes: bind the batch size first");
        }
        Map<String, Tensor> bound = Weights.bind(graph, weights);
        return new Assembly(graph, bound, origin).run();
    }

    /** A piece of storage while the program is assembled: roles are settled before any kernel is made. */
    private static final class Slot {
        final String hint;
        final TensorType type;
        Program.Role role;
        final Tensor constant;
        Program.Storage storage;

        Slot(String hint, TensorType type, Program.Role role, Tensor constant) {
            this.hint = hint;
            this.type = type;
            this.role = role;
            this.constant = constant;
        }
    }

    /** An output whose storage is not its own: copied at the end into {@code to}. */
    private record OutputCopy(Slot from, Slot to, TensorType type) {
    }

    private static final class Assembly {
        private final Graph graph;
        private final Map<String, Tensor> weights;
        private final Map<Value, Slot> slots = new HashMap<>();
        private final Map<Output, Slot> outputSlots = new LinkedHashMap<>();
        private final List<OutputCopy> copies = new ArrayList<>();
        private final List<Program.Storage> storage = new ArrayList<>();
        private final List<Program.Call> calls = new ArrayList<>();
        private final Set<String> storageNames = new HashSet<>();
        private final Set<String> kernelNames = new HashSet<>();
        private final Map<String, List<Program.Storage>> tables = new HashMap<>();

        private final BiConsumer<Kernel, Node> origin;

        Assembly(Graph graph, Map<String, Tensor> weights, BiConsumer<Kernel, Node> origin) {
            this.graph = graph;
            this.weights = weights;
            this.origin = origin;
        }

        Program run() {
            assignSlots();
            List<Program.Binding> inputs = new ArrayList<>();
            for (Value v : graph.inputs()) {
                inputs.add(new Program.Binding(v.name(), v.type(), storageOf(slots.get(v))));
            }
            for (Node n : graph.nodes()) {
                if (ComputeDefinitions.form(n.op()) == ComputeDefinitions.Form.KERNELS) {
                    emit(n);
                }
            }
            for (OutputCopy c : copies) {
                emitCopy(c);
            }
            List<Program.Binding> outputs = new ArrayList<>();
            for (Map.Entry<Output, Slot> e : outputSlots.entrySet()) {
                Output o = e.getKey();
                outputs.add(new Program.Binding(o.name(), o.value().type(), storageOf(e.getValue())));
            }
            return new Program(graph.name(), storage, calls, inputs, outputs);
        }

        /** Decides the storage of every value and the role of every storage. */
        private void assignSlots() {
            for (Value v : graph.inputs()) {
                slots.put(v, new Slot(v.name(), v.type(), Program.Role.INPUT, null));
            }
            for (Value v : graph.params()) {
                slots.put(v, new Slot(v.name(), v.type(), Program.Role.CONSTANT, weights.get(v.name())));
            }
            for (Node n : graph.nodes()) {
                switch (ComputeDefinitions.form(n.op())) {
                    case CONSTANT -> slots.put(n.output(), new Slot(n.output().name(), n.output().type(),
                            Program.Role.CONSTANT, ((Constant) n.op()).value()));
                    case VIEW -> slots.put(n.output(), slots.get(n.input(0)));
                    case KERNELS -> n.outputs().forEach(v -> slots.put(v, new Slot(v.name(), v.type(), Program.Role.TEMP,
                            null)));
                }
            }
            Set<Slot> claimed = new HashSet<>();
            for (Output o : graph.outputs()) {
                Slot s = slots.get(o.value());
                if (s.role == Program.Role.INPUT || s.role == Program.Role.CONSTANT || !claimed.add(s)) {
                    Slot own = new Slot(o.name(), o.value().type(), Program.Role.OUTPUT, null);
                    copies.add(new OutputCopy(s, own, o.value().type()));
                    outputSlots.put(o, own);
                } else {
                    s.role = Program.Role.OUTPUT;
                    outputSlots.put(o, s);
                }
            }
        }

        private Program.Storage storageOf(Slot s) {
            if (s.storage == null) {
                ScalarType t = ScalarType.of(s.type.dtype());
                long size = storedSize(s.type);
                Tensor data = s.constant == null ? null : flat(s.constant, t, size);
                s.storage = newStorage(s.hint, t, size, s.role, data);
            }
            return s.storage;
        }

        private Program.Storage newStorage(String hint, ScalarType t, long size, Program.Role role, Tensor data) {
            Program.Storage st = new Program.Storage(unique(storageNames, identifier(hint)), t, size, role, data);
            storage.add(st);
            return st;
        }

        private void emit(Node n) {
            List<String> inNames = ComputeDefinitions.inputNames(n.op(), n.inputs().size());
            Map<Buffer, Program.Storage> bound = new HashMap<>();
            List<Site.Operand> ins = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                Buffer b = param(unique(used, inNames.get(i)), v.type());
                bound.put(b, storageOf(slots.get(v)));
                ins.add(new Site.Operand(b, v.type()));
            }
            List<Site.Operand> outs = new ArrayList<>();
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.outputs().get(i);
                Buffer b = param(unique(used, n.outputs().size() == 1 ? "out" : "out" + i), v.type());
                bound.put(b, storageOf(slots.get(v)));
                outs.add(new Site.Operand(b, v.type()));
            }
            String base = unique(kernelNames, identifier(n.op().name() + "_" + n.output().name()));
            Site.Storage extra = new Site.Storage() {
                @Override
                public Buffer scratch(String name, ScalarType type, long size) {
                    Buffer b = new Buffer(unique(used, name), type, size, Buffer.Scope.GLOBAL);
                    bound.put(b, newStorage(base + "_" + b.name(), type, size, Program.Role.TEMP, null));
                    return b;
                }

                @Override
                public Buffer table(String key, ScalarType type, Tensor data) {
                    // Equal data under one key is stored once; different data under it gets numbered names.
                    List<Program.Storage> same = tables.computeIfAbsent(identifier(key), k -> new ArrayList<>());
                    int i = 0;
                    while (i < same.size() && !sameData(same.get(i), type, data)) {
                        i++;
                    }
                    String name = identifier(key) + (i == 0 ? "" : "_" + (i + 1));
                    if (i == same.size()) {
                        same.add(newStorage(name, type, data.size(), Program.Role.CONSTANT, data));
                    }
                    Program.Storage st = same.get(i);
                    Buffer b = new Buffer(name, type, st.size(), Buffer.Scope.GLOBAL);
                    bound.put(b, st);
                    return b;
                }
            };
            Site site = new Site(n, base, ins, outs, extra);
            for (Kernel k : ComputeDefinitions.define(site)) {
                origin.accept(k, n);
                calls.add(new Program.Call(k, k.params().stream().map(bound::get).toList()));
            }
        }

        private static boolean sameData(Program.Storage st, ScalarType type, Tensor data) {
            Tensor c = st.constant();
            return st.type() == type && c.dtype() == data.dtype() && java.util.Arrays.equals(c.shape(), data.shape())
                    && c.data().mismatch(data.data()) == -1;
        }

        private void emitCopy(OutputCopy c) {
            Program.Storage from = storageOf(c.from());
            Program.Storage to = storageOf(c.to());
            ScalarType t = from.type();
            long size = storedSize(c.type());
            Buffer src = new Buffer("x", t, size, Buffer.Scope.GLOBAL);
            Buffer dst = new Buffer("out", t, size, Buffer.Scope.GLOBAL);
            Names names = new Names(List.of("x", "out"));
            Stmt body = LayoutCompute.flatCopy(names, src, dst, size);
            Kernel k = new Kernel(unique(kernelNames, identifier("copy_" + to.name())), List.of(src, dst), body);
            origin.accept(k, null);
            calls.add(new Program.Call(k, List.of(from, to)));
        }
    }

    /** A kernel parameter for a value of type {@code t}. */
    static Buffer param(String name, TensorType t) {
        return new Buffer(name, ScalarType.of(t.dtype()), storedSize(t), Buffer.Scope.GLOBAL);
    }

    /** Elements a tensor of type {@code t} is stored as (two per c64), checked to fit i32 indexing. */
    static long storedSize(TensorType t) {
        long n = t.shape().elementCount() * (t.dtype().isComplex() ? 2 : 1);
        if (n > Integer.MAX_VALUE) {
            throw new IrException("a tensor of type " + t + " has too many elements for 32-bit kernel indices");
        }
        return n;
    }

    /** {@code t}'s data as a flat tensor of the storage element type (the bytes are shared, not copied). */
    private static Tensor flat(Tensor t, ScalarType type, long size) {
        DType d = switch (type) {
            case F32 -> DType.F32;
            case F64 -> DType.F64;
            case I64 -> DType.I64;
            case I32 -> DType.I32;
            case I8 -> DType.I8;
            case BOOL -> DType.BOOL;
        };
        return Tensor.wrap(d, new int[] {(int) size}, t.data()).asReadOnly();
    }

    /** A Java identifier made from {@code name}: other characters become '_', a leading digit gets a 'v'. */
    static String identifier(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, 'v');
        }
        return sb.toString();
    }

    /** {@code name}, or with {@code _2}, {@code _3}, ... appended, whichever {@code used} does not hold yet. */
    static String unique(Set<String> used, String name) {
        if (used.add(name)) {
            return name;
        }
        for (int k = 2; ; k++) {
            String candidate = name + "_" + k;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }
}
