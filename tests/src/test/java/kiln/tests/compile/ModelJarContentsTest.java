package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import kiln.cli.compile.CompileOptions;
import kiln.cli.compile.Compilation;
import kiln.cli.compile.CpuCompiler;
import kiln.cli.compile.ModelJar;
import kiln.cli.compile.Provenance;
import kiln.codegen.cpu.KernelCompiler;
import kiln.frontend.KilnCompiler;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.ModelManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model jar holds: the runtime (JDK only), the generated kernels, the weights and the metadata, and
 * nothing of the compiler; and the same inputs give the same bytes.
 */
class ModelJarContentsTest {
    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void compile() {
        jar = Kiln.compile(Kiln.example("convnext_block.kiln"), dir.resolve("convnext.jar"));
    }

    @Test
    void theJarHoldsTheRuntimeTheKernelsTheWeightsAndTheMetadataOnly() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            assertEquals(JarFile.MANIFEST_NAME, names.getFirst());
            List<String> rest = names.subList(1, names.size());
            assertEquals(rest.stream().sorted().toList(), rest, "entries are sorted");
            for (String n : names) {
                assertTrue(n.equals(JarFile.MANIFEST_NAME) || n.equals(CompiledModel.MANIFEST)
                        || n.equals(CompiledModel.WEIGHTS) || n.startsWith("kiln/runtime/")
                        || n.startsWith("kiln/generated/"), "unexpected entry " + n);
            }
            assertEquals(ZipEntry.STORED, file.getEntry(CompiledModel.WEIGHTS).getMethod());
            assertEquals("kiln.runtime.cli.Launcher", file.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String n : names) {
                if (n.endsWith(".class")) {
                    assertJdkOnly(n, file.getInputStream(file.getEntry(n)).readAllBytes());
                }
            }
        }
    }

    /** A class of the jar refers to the JDK, the runtime and the generated kernels only. */
    private static void assertJdkOnly(String entry, byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        TreeSet<String> foreign = new TreeSet<>();
        for (var pe : model.constantPool()) {
            if (pe instanceof ClassEntry c) {
                String name = c.asInternalName().replaceFirst("^\\[+L?", "");
                if (!(name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/")
                        || name.startsWith("kiln/runtime/") || name.startsWith("kiln/generated/") || name.length() <= 1)) {
                    foreign.add(name);
                }
            }
        }
        assertTrue(foreign.isEmpty(), entry + " refers to " + foreign);
    }

    @Test
    void theMetadataDescribesTheModel() throws IOException {
        try (CompiledModel m = CompiledModel.load(jar)) {
            ModelManifest info = m.manifest();
            assertEquals("convnext_block", info.name());
            assertEquals("convnext_block.kiln", info.source().file());
            assertEquals(64, info.source().sha256().length());
            assertEquals(ModelManifest.Weights.DEFAULT, info.weights().origin());
            assertEquals(1, info.batch());
            assertTrue(info.arenaBytes() > 0);
            assertEquals("x: f32[1, 96, 56, 56]", m.inputs().getFirst().toString());
            assertEquals("y: f32[1, 96, 56, 56]", m.outputs().getFirst().toString());
            assertTrue(info.kernels().stream().anyMatch(k -> !k.origins().isEmpty()
                    && k.origins().getFirst().op().equals("conv")
                    && k.origins().getFirst().outputs().equals(List.of("f32[1, 96, 56, 56]"))), info.kernels().toString());
            String json;
            try (JarFile file = new JarFile(jar.toFile())) {
                json = new String(file.getInputStream(file.getEntry(CompiledModel.MANIFEST)).readAllBytes(),
                        StandardCharsets.UTF_8);
            }
            assertEquals(json, ModelManifest.parse(json).toJson(), "the metadata round-trips");
            assertTrue(!json.contains(dir.toString()) && !json.contains(Kiln.example("").toString()),
                    "no absolute paths");
        }
    }

    @Test
    void compilingTwiceGivesTheSameBytes() throws IOException {
        Path again = Kiln.compile(Kiln.example("convnext_block.kiln"), Files.createDirectory(dir.resolve("other"))
                .resolve("another-name.jar"));
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(again));
        // Without any cache: javac runs again, and so does everything else.
        Path model = Kiln.example("convnext_block.kiln");
        Graph g = KilnCompiler.load(model);
        Compilation c = CpuCompiler.compile(g, Weights.initial(g), CompileOptions.defaults());
        Path fresh = dir.resolve("fresh.jar");
        ModelJar.write(fresh, c, Provenance.of("kiln " + kiln.cli.Version.current(), model, null, true), 0,
                new KernelCompiler(null));
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(fresh));
    }
}
