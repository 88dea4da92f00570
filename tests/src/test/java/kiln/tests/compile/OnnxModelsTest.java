package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;
import kiln.tests.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed workloads exported from PyTorch ({@code ../shared/models}), end to end as a user runs them:
 * {@code kiln compile model.onnx -o X.jar}, then {@code java -jar X.jar --input x=input.npy --output
 * y=out.npy} in a JVM of its own, whose output must reproduce {@code output.npy} (computed in double precision)
 * within a normwise relative error of {@value Differential#TOLERANCE}.
 */
class OnnxModelsTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everySeedModelCompilesAndReproducesItsOutput() throws IOException {
        Optional<Path> models = SharedData.shared("models");
        Assumptions.assumeTrue(models.isPresent(), () -> SharedData.absent("models"));
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models.get())) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private void check(Path model) throws Exception {
        String name = model.getFileName().toString();
        Path jar = Kiln.compile(model.resolve("model.onnx"), dir.resolve(name + ".jar"));
        Path out = dir.resolve(name + ".out.npy");
        Kiln r = Kiln.java(dir, 600, "-jar", jar.toString(), "--input", "x=" + model.resolve("input.npy"), "--output",
                "y=" + out);
        assertEquals(0, r.exitCode(), r.err());
        Tensor expected = Npy.read(model.resolve("output.npy"));
        Tensor actual = Npy.read(out);
        assertEquals(expected.typeString().replace("f64", "f32"), actual.typeString());
        double error = Differential.normwiseError(expected, actual);
        assertTrue(error <= Differential.TOLERANCE, name + ": normwise relative error " + error);
    }
}
