package kiln.cli.compile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import kiln.codegen.cpu.KernelCompiler;
import kiln.runtime.exec.ExecutionPlan;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.ModelManifest;
import kiln.runtime.model.WeightsFile;

/**
 * Writes a compiled model as a standalone jar that needs nothing but a JDK:
 * <pre>
 * META-INF/MANIFEST.MF        Main-Class: kiln.runtime.cli.Launcher (which hands over to ModelMain)
 * META-INF/kiln/model.json    the {@link ModelManifest}: inputs, outputs, kernels, provenance, execution plan
 * META-INF/kiln/weights.bin   the constants (weights packed into the kernels' layouts), stored uncompressed
 * kiln/generated/*.class      the generated kernels
 * kiln/runtime/**.class       Kiln's runtime (JDK only)
 * </pre>
 * The execution plan travels as data in the manifest rather than as generated code, so the same
 * {@code Executor} runs a model in the compiler's process and in the jar. The same compilation gives the same
 * bytes: fixed timestamps, sorted entries, deterministic generated code, and no paths but jar entry names.
 * The jar is written to a temporary file beside the target and moved into place, so a failure never leaves a
 * partial jar.
 */
public final class ModelJar {
    /** The main class of every model jar. */
    public static final String MAIN_CLASS = "kiln.runtime.cli.Launcher";

    private ModelJar() {
    }

    /** Writes {@code c} to {@code target} and returns the metadata written into it. */
    public static ModelManifest write(Path target, Compilation c, Provenance provenance, int threads,
            KernelCompiler compiler) throws IOException {
        Map<String, byte[]> classes = c.classes(compiler);
        Weights weights = layOut(c.plan());
        ModelManifest manifest = manifest(c, provenance, threads, weights);
        DeterministicJar jar = new DeterministicJar();
        jar.add(JarFile.MANIFEST_NAME, jarManifest(provenance, c.graph().name()));
        jar.add(CompiledModel.MANIFEST, manifest.toJson().getBytes(StandardCharsets.UTF_8));
        jar.addStored(CompiledModel.WEIGHTS, weights::writeTo);
        classes.forEach((name, bytes) -> jar.add(name.replace('.', '/') + ".class", bytes));
        RuntimeClasses.read().forEach(jar::add);
        writeAtomically(target, jar);
        return manifest;
    }

    /** The constant slots and their offsets in the weights file, with the file's size and SHA-256. */
    private record Weights(List<ExecutionPlan.Slot> slots, long[] offsets, long bytes, String sha256) {
        void writeTo(OutputStream out) throws IOException {
            byte[] chunk = new byte[1 << 16];
            MemorySegment chunkSegment = MemorySegment.ofArray(chunk);
            long position = 0;
            for (int i = 0; i < slots.size(); i++) {
                out.write(new byte[(int) (offsets[i] - position)]);
                MemorySegment data = slots.get(i).constant().data();
                for (long done = 0; done < data.byteSize(); ) {
                    int n = (int) Math.min(chunk.length, data.byteSize() - done);
                    MemorySegment.copy(data, done, chunkSegment, 0, n);
                    out.write(chunk, 0, n);
                    done += n;
                }
                position = offsets[i] + data.byteSize();
            }
        }
    }

    private static Weights layOut(ExecutionPlan plan) throws IOException {
        List<ExecutionPlan.Slot> constants = new ArrayList<>();
        for (ExecutionPlan.Slot s : plan.slots()) {
            if (s.constant() != null) {
                constants.add(s);
            }
        }
        long[] offsets = new long[constants.size()];
        long end = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = WeightsFile.align(end);
            end = offsets[i] + constants.get(i).constant().data().byteSize();
        }
        Weights unhashed = new Weights(constants, offsets, end, null);
        MessageDigest sha = Provenance.newSha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            unhashed.writeTo(out);
        }
        return new Weights(constants, offsets, end, HexFormat.of().formatHex(sha.digest()));
    }

    private static ModelManifest manifest(Compilation c, Provenance p, int threads, Weights weights) {
        List<ModelManifest.SlotSpec> slots = new ArrayList<>();
        int constant = 0;
        for (ExecutionPlan.Slot s : c.plan().slots()) {
            long offset = s.constant() == null ? -1 : weights.offsets()[constant++];
            slots.add(new ModelManifest.SlotSpec(s.name(), s.elem(), s.size(), s.arenaOffset(), offset));
        }
        return new ModelManifest(c.graph().name(), p.compiler(), "cpu", c.vectorBits(),
                new ModelManifest.Source(p.sourceFile(), p.sourceSha256()),
                new ModelManifest.Weights(p.weightsOrigin(), p.weightsFile(), p.weightsFileSha256(), weights.sha256(),
                        weights.bytes()),
                c.batch(), threads, c.memory().totalBytes(), c.source().qualifiedName(), c.plan().inputs(),
                c.plan().outputs(), c.kernels(), slots, c.plan().calls());
    }

    private static byte[] jarManifest(Provenance p, String modelName) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
        a.put(new Attributes.Name("Created-By"), p.compiler());
        a.put(new Attributes.Name("Kiln-Model"), modelName);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toByteArray();
    }

    private static void writeAtomically(Path target, DeterministicJar jar) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": no such folder " + folder);
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a folder");
        }
        Path temp;
        try {
            temp = temporaryFile(folder, absolute.getFileName().toString());
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + target + ": permission denied");
        }
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                jar.writeTo(out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static Path temporaryFile(Path folder, String name) throws IOException {
        String stem = "." + name + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(folder.resolve(stem + attempt + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }
}
