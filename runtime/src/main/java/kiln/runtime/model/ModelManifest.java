package kiln.runtime.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.exec.ExecutionPlan;

/**
 * The metadata of a compiled model, stored in its jar as {@value CompiledModel#MANIFEST} (JSON, see
 * {@link ManifestJson}): what it is (name, inputs, outputs, what each kernel computes), where it came from
 * (compiler version, SHA-256 of the source model and of the weights), what it needs (the planned arena),
 * and how to run it — the execution plan's slots and kernel calls, whose constants are the weights file
 * {@value CompiledModel#WEIGHTS} at the given offsets. The generated kernels are the class {@code kernelClass}.
 *
 * @param vectorBits the vector width the kernels were generated for (they run at it on any machine, fastest on
 *                 one whose vectors are at least that wide)
 * @param batch    the size the model's batch dimension N was compiled for, 0 when its shapes were fixed
 * @param threads  the default number of threads, 0 for one per core
 * @param arenaBytes the bytes of the activation arenas the memory plan laid out
 */
public record ModelManifest(String name, String compiler, String target, int vectorBits, Source source, Weights weights,
        int batch,
        int threads, long arenaBytes, String kernelClass, List<ExecutionPlan.Port> inputs,
        List<ExecutionPlan.Port> outputs, List<KernelInfo> kernels, List<SlotSpec> slots,
        List<ExecutionPlan.Invocation> calls) {

    /** The format this runtime reads and writes; a jar of another format is refused with a clear message. */
    public static final String FORMAT = "kiln-model 1";

    public ModelManifest {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kernelClass);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        kernels = List.copyOf(kernels);
        slots = List.copyOf(slots);
        calls = List.copyOf(calls);
        if (threads < 0 || batch < 0 || arenaBytes < 0 || (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)) {
            throw new IllegalArgumentException("threads " + threads + ", batch " + batch + ", arena " + arenaBytes
                    + ", vector bits " + vectorBits);
        }
    }

    /** The model file compiled: its name (no folders) and the SHA-256 of its bytes. */
    public record Source(String file, String sha256) {
    }

    /**
     * The weights: where they came from ({@code origin}: {@value #FILE}, {@value #MODEL} or {@value #DEFAULT}),
     * the weights file's name and SHA-256 when there was one, and the SHA-256 and size of the weights file in
     * the jar (after packing into the kernels' layouts).
     */
    public record Weights(String origin, String file, String fileSha256, String sha256, long bytes) {
        /** Read from a {@code .safetensors} file. */
        public static final String FILE = "file";
        /** The model's own (ONNX initializers). */
        public static final String MODEL = "model";
        /** Kiln's deterministic default initialisation. */
        public static final String DEFAULT = "default";
    }

    /**
     * A buffer of the execution plan: {@code size} elements of {@code elem}, at {@code arenaOffset} in the
     * arena of its type or in an array of its own ({@link ExecutionPlan.Slot#OWN}); a constant's elements are
     * in the weights file from byte {@code weightsOffset} on (-1 when it is not a constant).
     */
    public record SlotSpec(String name, DType elem, long size, long arenaOffset, long weightsOffset) {
        public SlotSpec {
            Objects.requireNonNull(name);
            if (size < 0 || arenaOffset < ExecutionPlan.Slot.OWN || weightsOffset < -1
                    || (weightsOffset >= 0 && arenaOffset != ExecutionPlan.Slot.OWN)) {
                throw new IllegalArgumentException("slot " + name + ": size " + size + ", arena offset " + arenaOffset
                        + ", weights offset " + weightsOffset);
            }
        }

        public boolean isConstant() {
            return weightsOffset >= 0;
        }

        public long bytes() {
            return size * elem.byteSize();
        }
    }

    /** The inputs as specs, in order. */
    public List<TensorSpec> inputSpecs() {
        return specs(inputs);
    }

    /** The outputs as specs, in order. */
    public List<TensorSpec> outputSpecs() {
        return specs(outputs);
    }

    private static List<TensorSpec> specs(List<ExecutionPlan.Port> ports) {
        List<TensorSpec> out = new ArrayList<>();
        for (ExecutionPlan.Port p : ports) {
            out.add(new TensorSpec(p.name(), p.dtype(), p.shape()));
        }
        return List.copyOf(out);
    }

    /** The execution plan, with each constant slot's data from {@code constants} (by slot index). */
    public ExecutionPlan plan(Map<Integer, Tensor> constants) {
        List<ExecutionPlan.Slot> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            SlotSpec s = slots.get(i);
            Tensor data = constants.get(i);
            if (s.isConstant() != (data != null)) {
                throw new IllegalArgumentException("slot " + s.name() + (s.isConstant() ? " has no data" : " is not a constant"));
            }
            out.add(new ExecutionPlan.Slot(s.name(), s.elem(), s.size(), s.arenaOffset(), data));
        }
        return new ExecutionPlan(name, out, calls, inputs, outputs);
    }

    /** The manifest as JSON text, indented, ending with a newline. */
    public String toJson() {
        return ManifestJson.write(this);
    }

    /** Reads a manifest from its JSON text. */
    public static ModelManifest parse(String json) throws ModelFormatException {
        return ManifestJson.read(json);
    }
}
