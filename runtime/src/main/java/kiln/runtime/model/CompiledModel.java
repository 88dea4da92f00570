package kiln.runtime.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import kiln.runtime.Tensor;
import kiln.runtime.exec.Executor;
import kiln.runtime.exec.KernelLibrary;

/**
 * A model compiled by {@code kiln compile}, loaded for running: from a model jar ({@link #load(Path)}), or
 * from the class path when the jar is on it ({@link #fromClasspath()}). Its weights are read once, straight
 * into the arrays the kernels use, and all buffers — one arena per element type for the activations, one
 * array per input — are allocated when it loads: a run allocates nothing but what the caller asks for
 * (the thread pool allocates a few small objects per parallel loop).
 *
 * <pre>{@code
 * try (CompiledModel model = CompiledModel.load(Path.of("convnext.jar"))) {
 *     TensorSpec in = model.inputs().getFirst();
 *     Map<String, Tensor> out = model.run(Map.of(in.name(), Tensor.zeros(in.dtype(), in.shape())));
 * }
 * }</pre>
 *
 * One run at a time: concurrent calls wait for each other. The kernels use the JDK's Vector API, so the
 * JVM must run with {@code --add-modules jdk.incubator.vector} ({@code java -jar} on a model jar takes care
 * of that itself).
 */
public final class CompiledModel implements AutoCloseable {
    /** The jar entry of the metadata. */
    public static final String MANIFEST = "META-INF/kiln/model.json";
    /** The jar entry of the weights. */
    public static final String WEIGHTS = "META-INF/kiln/weights.bin";

    private final ModelManifest manifest;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final URLClassLoader ownLoader;
    private volatile Executor executor;

    private CompiledModel(ModelManifest manifest, Map<Integer, Tensor> constants, ClassLoader loader,
            URLClassLoader ownLoader) throws ModelFormatException {
        this.manifest = manifest;
        this.inputs = manifest.inputSpecs();
        this.outputs = manifest.outputSpecs();
        this.ownLoader = ownLoader;
        requireVectorModule();
        KernelLibrary kernels;
        try {
            kernels = (KernelLibrary) Class.forName(manifest.kernelClass(), true, loader).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ModelFormatException("cannot load the kernels of " + manifest.name() + " (class "
                    + manifest.kernelClass() + "): " + e);
        }
        try {
            this.executor = new Executor(kernels, manifest.plan(constants));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("the model metadata is inconsistent: " + e.getMessage());
        }
    }

    /**
     * Loads the model in the jar {@code jar}. Its generated classes load in a class loader of their own whose
     * parent holds this runtime, so several models can be loaded side by side.
     */
    public static CompiledModel load(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw Files.exists(jar) ? new IOException(jar + " is not a file") : new NoSuchFileException(jar.toString());
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry m = file.getEntry(MANIFEST);
            if (m == null) {
                throw new ModelFormatException(jar + " is not a Kiln model jar (it has no " + MANIFEST + ")");
            }
            ModelManifest manifest;
            try (InputStream in = file.getInputStream(m)) {
                manifest = ModelManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Map<Integer, Tensor> constants = readWeights(manifest, file.getEntry(WEIGHTS) == null ? null
                    : file.getInputStream(file.getEntry(WEIGHTS)));
            URLClassLoader loader = new URLClassLoader("kiln-model-" + manifest.name(),
                    new URL[] {jar.toUri().toURL()}, CompiledModel.class.getClassLoader());
            try {
                return new CompiledModel(manifest, constants, loader, loader);
            } catch (IOException | RuntimeException e) {
                loader.close();
                throw e;
            }
        }
    }

    /** Loads the model whose jar is on the class path of {@code loader}. */
    public static CompiledModel load(ClassLoader loader) throws IOException {
        ModelManifest manifest;
        try (InputStream in = loader.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                throw new ModelFormatException("no Kiln model on the class path (no " + MANIFEST + ")");
            }
            manifest = ModelManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return new CompiledModel(manifest, readWeights(manifest, loader.getResourceAsStream(WEIGHTS)), loader, null);
    }

    /** Loads the model on the class path this runtime was loaded from (as {@code java -jar MODEL.jar} runs). */
    public static CompiledModel fromClasspath() throws IOException {
        return load(CompiledModel.class.getClassLoader());
    }

    private static Map<Integer, Tensor> readWeights(ModelManifest manifest, InputStream in) throws IOException {
        if (in == null) {
            if (manifest.slots().stream().anyMatch(ModelManifest.SlotSpec::isConstant)) {
                throw new ModelFormatException("the model jar has no weights (" + WEIGHTS + ")");
            }
            return Map.of();
        }
        try (in) {
            return WeightsFile.read(in, manifest.slots(), manifest.weights().bytes());
        }
    }

    private static void requireVectorModule() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("Kiln models run on the JDK's Vector API: start Java with "
                    + "--add-modules jdk.incubator.vector");
        }
    }

    /** The model's metadata. */
    public ModelManifest manifest() {
        return manifest;
    }

    public String name() {
        return manifest.name();
    }

    /** The inputs, in the order {@link #run(Tensor[], Tensor[])} takes them. */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** The outputs, in the order {@link #run(Tensor[], Tensor[])} fills them. */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Runs the model on {@code inputs} (every input by name, of its dtype and shape) and returns new tensors
     * holding the outputs, by name in the model's order.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Executor e = executor();
        // The executor's outputs are views of its buffers: copied before another run may overwrite them.
        synchronized (e) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            e.run(inputs).forEach((name, t) -> out.put(name, t.copy()));
            return out;
        }
    }

    /**
     * Runs the model on {@code inputs}, in the order of {@link #inputs()}, and copies the outputs into
     * {@code outputs}, in the order of {@link #outputs()} (null skips one). Tensors may wrap the caller's
     * arrays or buffers ({@code Tensor.wrap(DType.F32, shape, MemorySegment.ofArray(floats))}); this path
     * allocates nothing.
     */
    public void run(Tensor[] inputs, Tensor[] outputs) {
        executor().run(inputs, outputs);
    }

    private Executor executor() {
        Executor e = executor;
        if (e == null) {
            throw new IllegalStateException("the model " + manifest.name() + " is closed");
        }
        return e;
    }

    /** Releases the model's buffers and weights and unloads its classes; it cannot run afterwards. */
    @Override
    public void close() throws IOException {
        executor = null;
        if (ownLoader != null) {
            ownLoader.close();
        }
    }
}
