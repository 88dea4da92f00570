package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.loop.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCompilerTest {
    @TempDir
    Path cache;

    private static JavaSource source(String className) {
        Kernel k = KernelDifferentialTest.instantiate(KernelDifferentialTest.byName().get("broadcast_add"), 3, 5);
        return JavaEmitter.emit(className, List.of(k));
    }

    @Test
    void compiledClassesAreCachedOnDiskByContent() throws IOException {
        JavaSource src = source("CacheProbe" + System.nanoTime());
        Class<?> c = new KernelCompiler(cache).compile(src);
        assertEquals(src.qualifiedName(), c.getName());
        List<Path> files;
        try (Stream<Path> s = Files.list(cache)) {
            files = s.toList();
        }
        assertEquals(1, files.size(), "one cache file: " + files);
        String key = KernelCompiler.key(src);
        assertEquals(key + ".classes", files.getFirst().getFileName().toString());
        Map<String, byte[]> stored = new ClassCache(cache).read(key);
        assertNotNull(stored);
        assertTrue(stored.containsKey(src.qualifiedName()));
        // The same source again: the loaded class from memory.
        assertSame(c, new KernelCompiler(cache).compile(src));
    }

    @Test
    void aCorruptCacheFileIsIgnored() throws IOException {
        JavaSource src = source("CorruptProbe" + System.nanoTime());
        Files.createDirectories(cache);
        Files.write(cache.resolve(KernelCompiler.key(src) + ".classes"), new byte[] {1, 2, 3});
        assertEquals(src.qualifiedName(), new KernelCompiler(cache).compile(src).getName());
        assertNotNull(new ClassCache(cache).read(KernelCompiler.key(src)));
    }

    @Test
    void theKeyDependsOnTheSource() {
        assertEquals(KernelCompiler.key(source("A")), KernelCompiler.key(source("A")));
        assertTrue(!KernelCompiler.key(source("A")).equals(KernelCompiler.key(source("B"))));
    }

    @Test
    void generatedCodeThatDoesNotCompileIsAnInternalErrorWithAReproducer() {
        String text = """
                package kiln.generated;

                public final class Broken {
                    static int f() {
                        return "not an int";
                    }
                }
                """;
        JavaSource broken = new JavaSource("kiln.generated", "Broken", text, List.of("f"));
        GeneratedCodeException e = assertThrows(GeneratedCodeException.class, () -> new KernelCompiler(null).compile(broken));
        assertTrue(e.getMessage().startsWith("internal error: generated Java for [f] does not compile"), e.getMessage());
        assertTrue(e.getMessage().contains(">    5 |         return \"not an int\";"), e.getMessage());
        assertTrue(e.getMessage().contains("to reproduce: javac --release 25 --add-modules jdk.incubator.vector"),
                e.getMessage());
        assertEquals(text, e.source());
    }

    @Test
    void theRegisterTiledMicroKernelKeepsItsTileInVectorVariablesAndIsSmallEnoughToJit() {
        JavaSource src = JavaEmitter.emit("Tile", List.of(TiledMatmul.matmul(64, 96, 32, 4, 3)));
        assertTrue(src.text().contains("FloatVector acc_11 = FloatVector.zero(F);"), src.text());
        assertTrue(!src.text().contains("new float["), "the tile must not be an array:\n" + src.text());
        assertTrue(!src.text().contains("not vectorized"), src.text());
        Map<String, byte[]> classes = Map.of(src.qualifiedName(), bytes(src));
        KernelCompiler.methodSizes(classes).forEach((m, size) ->
                assertTrue(size < KernelCompiler.HUGE_METHOD, m + " has " + size + " bytes of bytecode"));
    }

    private byte[] bytes(JavaSource src) {
        new KernelCompiler(cache).compile(src);
        return new ClassCache(cache).read(KernelCompiler.key(src)).get(src.qualifiedName());
    }
}
