package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kiln.ir.loop.Kernel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated Java of a few small kernels, pinned in {@code src/test/resources/golden/NAME.java.txt}: an
 * elementwise add with a broadcast, a vectorized reduction into a register tile, a guarded convolution-like
 * nest, and the register-tiled matmul micro-kernel. Rerun with {@code -Dkiln.updateGoldens=true} to rewrite them
 * after an intended change, and review the diff.
 */
class GoldenSourceTest {
    static List<Kernel> kernels() {
        var cases = KernelDifferentialTest.byName();
        return List.of(
                KernelDifferentialTest.instantiate(cases.get("broadcast_add"), 5, 19),
                KernelDifferentialTest.instantiate(cases.get("row_sum"), 4, 21),
                KernelDifferentialTest.instantiate(cases.get("conv1d"), 30, 0),
                TiledMatmul.matmul(64, 96, 32, 4, 3));
    }

    @TestFactory
    Stream<DynamicTest> generatedSourceMatchesTheGoldenFiles() {
        return kernels().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            String source = JavaEmitter.emit("Golden_" + k.name(), List.of(k), 256).text();
            String name = k.name() + ".java.txt";
            if (Boolean.getBoolean("kiln.updateGoldens")) {
                Path inTree = Path.of(System.getProperty("kiln.root", ".."), "codegen-cpu/src/test/resources/golden", name);
                Files.writeString(inTree, source);
                return;
            }
            assertEquals(golden(name), source, "generated Java of " + k.name()
                    + " (rerun with -Dkiln.updateGoldens=true to accept, then review the diff)");
        }));
    }

    @Test
    void theSameKernelsGiveByteIdenticalSource() {
        for (Kernel k : kernels()) {
            assertEquals(JavaEmitter.emit("A", List.of(k)).text(), JavaEmitter.emit("A", List.of(k)).text());
        }
    }

    private static String golden(String name) throws IOException {
        try (var in = GoldenSourceTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name + " (create it with -Dkiln.updateGoldens=true)");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
