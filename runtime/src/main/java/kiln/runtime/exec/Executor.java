package kiln.runtime.exec;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Runs a compiled model: the calls of an {@link ExecutionPlan} in order, on the kernels of a
 * {@link KernelLibrary}. Every buffer — one arena per element type, the inputs', the weights' — is allocated
 * when the executor is made, so a run allocates nothing but what the caller asks for. One run at a time.
 *
 * <p>Kernels take Java arrays, so buffers are arrays: the arena of f32 elements is one {@code float[]}, and so
 * on. Tensors cross this boundary as little-endian data, the arrays hold native order: on the little-endian
 * machines Kiln supports the two agree, and inputs and outputs are copied as bytes.
 */
public final class Executor {
    private final KernelLibrary kernels;
    private final ExecutionPlan plan;
    private final Map<DType, Object> arenas = new EnumMap<>(DType.class);
    private final Object[] slotArrays;
    private final int[] slotOffsets;
    /** The bytes of each input's slot, made once: a run copies inputs without allocating. */
    private final Map<String, MemorySegment> inputSegments = new LinkedHashMap<>();
    private final Map<String, int[]> inputShapes = new LinkedHashMap<>();
    private final Object[][] callArrays;
    private final int[][] callOffsets;
    private final int[] callKernels;
    private final Map<String, ExecutionPlan.Port> inputs = new LinkedHashMap<>();
    private final Map<String, Tensor> outputViews = new LinkedHashMap<>();
    private final Map<String, Tensor> outputs = Collections.unmodifiableMap(outputViews);
    private final ExecutionPlan.Port[] inputPorts;
    private final MemorySegment[] inputSegmentsInOrder;
    private final Tensor[] outputViewsInOrder;
    private final int[][] inputShapesInOrder;
    private final int[][] outputShapesInOrder;

    public Executor(KernelLibrary kernels, ExecutionPlan plan) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("compiled models run on little-endian machines only");
        }
        this.kernels = kernels;
        this.plan = plan;
        List<ExecutionPlan.Slot> slots = plan.slots();
        Map<DType, Long> arenaSizes = new EnumMap<>(DType.class);
        for (ExecutionPlan.Slot s : slots) {
            if (s.inArena()) {
                arenaSizes.merge(s.elem(), s.arenaOffset() + s.size(), Math::max);
            }
        }
        arenaSizes.forEach((elem, size) -> {
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the " + elem.text() + " arena of " + plan.name() + " needs "
                        + size + " elements, more than a Java array holds");
            }
            arenas.put(elem, newArray(elem, size.intValue()));
        });
        slotArrays = new Object[slots.size()];
        slotOffsets = new int[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            ExecutionPlan.Slot s = slots.get(i);
            if (s.inArena()) {
                slotArrays[i] = arenas.get(s.elem());
                slotOffsets[i] = (int) s.arenaOffset();
            } else if (s.constant() != null && adoptable(s)) {
                slotArrays[i] = s.constant().data().heapBase().orElseThrow();
            } else {
                slotArrays[i] = newArray(s.elem(), (int) s.size());
                if (s.constant() != null) {
                    copyIn(s.constant(), i);
                }
            }
        }
        List<ExecutionPlan.Invocation> calls = plan.calls();
        String[] names = kernels.kernelNames();
        callArrays = new Object[calls.size()][];
        callOffsets = new int[calls.size()][];
        callKernels = new int[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            ExecutionPlan.Invocation call = calls.get(c);
            if (call.kernel() < 0 || call.kernel() >= names.length || !names[call.kernel()].equals(call.kernelName())) {
                throw new IllegalArgumentException("call " + c + " of " + plan.name() + " names kernel "
                        + call.kernel() + " '" + call.kernelName() + "', which the kernel library does not have");
            }
            int[] args = call.slots();
            callKernels[c] = call.kernel();
            callArrays[c] = new Object[args.length];
            callOffsets[c] = new int[args.length];
            for (int a = 0; a < args.length; a++) {
                callArrays[c][a] = slotArrays[args[a]];
                callOffsets[c][a] = slotOffsets[args[a]];
            }
        }
        for (ExecutionPlan.Port p : plan.inputs()) {
            checkPortFits(p, "input");
            inputs.put(p.name(), p);
            inputSegments.put(p.name(), slotSegment(p.slot()));
            inputShapes.put(p.name(), p.shape());
        }
        for (ExecutionPlan.Port p : plan.outputs()) {
            checkPortFits(p, "output");
            outputViews.put(p.name(), Tensor.wrap(p.dtype(), p.shape(), slotSegment(p.slot())).asReadOnly());
        }
        inputPorts = plan.inputs().toArray(ExecutionPlan.Port[]::new);
        inputSegmentsInOrder = inputSegments.values().toArray(MemorySegment[]::new);
        outputViewsInOrder = outputViews.values().toArray(Tensor[]::new);
        inputShapesInOrder = plan.inputs().stream().map(ExecutionPlan.Port::shape).toArray(int[][]::new);
        outputShapesInOrder = plan.outputs().stream().map(ExecutionPlan.Port::shape).toArray(int[][]::new);
    }

    /**
     * A constant whose tensor is a whole, writable array of the type kernels take for its slot is used as it
     * is — shared, never written — instead of copied: a model loaded from a jar reads its weights straight
     * into such arrays.
     */
    private static boolean adoptable(ExecutionPlan.Slot s) {
        MemorySegment data = s.constant().data();
        Object base = data.heapBase().orElse(null);
        if (base == null || data.address() != 0) {
            return false;
        }
        boolean typed = switch (s.elem()) {
            case F32 -> base instanceof float[] a && a.length == s.size();
            case F64 -> base instanceof double[] a && a.length == s.size();
            case I64 -> base instanceof long[] a && a.length == s.size();
            case I32 -> base instanceof int[] a && a.length == s.size();
            case I8, BOOL -> base instanceof byte[] a && a.length == s.size();
            case C64 -> false;
        };
        return typed;
    }

    /** The plan this executor runs. */
    public ExecutionPlan plan() {
        return plan;
    }

    /** Bytes of the arenas, all element types together. */
    public long arenaBytes() {
        long bytes = 0;
        for (Map.Entry<DType, Object> e : arenas.entrySet()) {
            bytes += (long) java.lang.reflect.Array.getLength(e.getValue()) * e.getKey().byteSize();
        }
        return bytes;
    }

    /**
     * Runs the model on {@code inputs} (every model input, by name, of its declared dtype and shape) and
     * returns the outputs by name. The returned tensors are read-only views of the executor's buffers: the
     * next run overwrites them, so copy what must outlive it.
     */
    public synchronized Map<String, Tensor> run(Map<String, Tensor> inputs) {
        checkInputs(inputs);
        for (Map.Entry<String, MemorySegment> e : inputSegments.entrySet()) {
            MemorySegment.copy(inputs.get(e.getKey()).data(), 0, e.getValue(), 0, e.getValue().byteSize());
        }
        for (int c = 0; c < callKernels.length; c++) {
            kernels.invoke(callKernels[c], callArrays[c], callOffsets[c]);
        }
        return outputs;
    }

    /** Runs the model and copies each output into the tensor of the same name in {@code outputs}. */
    public synchronized void run(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        Map<String, Tensor> views = run(inputs);
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            Tensor view = views.get(e.getKey());
            if (view == null) {
                throw new IllegalArgumentException("the model has no output '" + e.getKey() + "'; its outputs are "
                        + views.keySet());
            }
            Tensor target = e.getValue();
            if (target.dtype() != view.dtype() || !Arrays.equals(target.shape(), view.shape())) {
                throw new IllegalArgumentException("output '" + e.getKey() + "' is " + view.typeString()
                        + ", the tensor given for it is " + target.typeString());
            }
            MemorySegment.copy(view.data(), 0, target.data(), 0, view.data().byteSize());
        }
    }

    /**
     * Runs the model on {@code inputs}, one per model input in the plan's order, and copies each output into
     * the tensor at its position in {@code outputs} (in the plan's order; null skips an output). Allocates
     * nothing: the path for callers that run a model many times on buffers of their own.
     */
    public synchronized void run(Tensor[] inputs, Tensor[] outputs) {
        if (inputs.length != inputPorts.length || outputs.length != outputViewsInOrder.length) {
            throw new IllegalArgumentException("the model takes " + inputPorts.length + " inputs and gives "
                    + outputViewsInOrder.length + " outputs; given " + inputs.length + " and " + outputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            ExecutionPlan.Port p = inputPorts[i];
            Tensor t = inputs[i];
            if (t == null || t.dtype() != p.dtype() || !hasShape(t, inputShapesInOrder[i])) {
                throw new IllegalArgumentException("input '" + p.name() + "' is " + (t == null ? "missing"
                        : t.typeString()) + " but the model expects " + p.dtype().text() + Arrays.toString(p.shape()));
            }
        }
        for (int i = 0; i < outputs.length; i++) {
            Tensor view = outputViewsInOrder[i];
            Tensor t = outputs[i];
            if (t != null && (t.dtype() != view.dtype() || !hasShape(t, outputShapesInOrder[i]) || t.isReadOnly())) {
                throw new IllegalArgumentException("output " + i + " is " + view.typeString()
                        + ", the tensor given for it is " + t.typeString() + (t.isReadOnly() ? " (read-only)" : ""));
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            MemorySegment.copy(inputs[i].data(), 0, inputSegmentsInOrder[i], 0, inputSegmentsInOrder[i].byteSize());
        }
        for (int c = 0; c < callKernels.length; c++) {
            kernels.invoke(callKernels[c], callArrays[c], callOffsets[c]);
        }
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] != null) {
                MemorySegment.copy(outputViewsInOrder[i].data(), 0, outputs[i].data(), 0, outputs[i].data().byteSize());
            }
        }
    }

    private void checkInputs(Map<String, Tensor> given) {
        if (given.size() > inputs.size() || !inputs.keySet().containsAll(given.keySet())) {
            TreeSet<String> unknown = new TreeSet<>(given.keySet());
            unknown.removeAll(inputs.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the model has no input " + unknown + "; its inputs are "
                        + inputs.keySet());
            }
        }
        for (ExecutionPlan.Port p : inputs.values()) {
            Tensor t = given.get(p.name());
            if (t == null) {
                throw new IllegalArgumentException("input '" + p.name() + "' is missing");
            }
            if (t.dtype() != p.dtype() || !hasShape(t, inputShapes.get(p.name()))) {
                throw new IllegalArgumentException("input '" + p.name() + "' is " + t.typeString()
                        + " but the model expects " + p.dtype().text() + Arrays.toString(p.shape()));
            }
        }
    }

    private static boolean hasShape(Tensor t, int[] shape) {
        if (t.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (t.dim(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private void checkPortFits(ExecutionPlan.Port p, String what) {
        ExecutionPlan.Slot s = plan.slots().get(p.slot());
        long bytes = Tensor.elementCount(p.shape()) * p.dtype().byteSize();
        if (bytes != s.size() * s.elem().byteSize()) {
            throw new IllegalArgumentException(what + " '" + p.name() + "' of " + bytes + " bytes is bound to slot "
                    + s.name() + " of " + s.size() + " " + s.elem().text() + " elements");
        }
    }

    private void copyIn(Tensor t, int slot) {
        MemorySegment dst = slotSegment(slot);
        MemorySegment.copy(t.data(), 0, dst, 0, dst.byteSize());
    }

    /** The bytes of slot {@code slot} inside its array. */
    private MemorySegment slotSegment(int slot) {
        ExecutionPlan.Slot s = plan.slots().get(slot);
        Object array = slotArrays[slot];
        MemorySegment whole = switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalStateException("slot array of " + array.getClass());
        };
        long elemBytes = s.elem().byteSize();
        return whole.asSlice(slotOffsets[slot] * elemBytes, s.size() * elemBytes);
    }

    /** A zeroed array of the type kernels take for {@code elem}. */
    static Object newArray(DType elem, int size) {
        return switch (elem) {
            case F32 -> new float[size];
            case F64 -> new double[size];
            case I64 -> new long[size];
            case I32 -> new int[size];
            case I8, BOOL -> new byte[size];
            case C64 -> throw new IllegalArgumentException("c64 is stored as f32 pairs");
        };
    }
}
