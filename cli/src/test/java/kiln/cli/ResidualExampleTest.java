package kiln.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import kiln.runtime.SeededRandom;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example, examples/residual.kir, run through the command line and checked against numbers
 * worked out by hand and against a direct evaluation of its formula written here, independently of the
 * reference interpreter.
 */
class ResidualExampleTest {
    private static final Path MODEL = CliRunner.root().resolve("examples/residual.kir");

    @Test
    void onesGiveTheHandComputedValues(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("y.npy");
        float[] ones = new float[36];
        java.util.Arrays.fill(ones, 1f);
        Npy.write(in, Tensor.ofFloats(new int[] {1, 1, 6, 6}, ones));

        CliRunner r = CliRunner.run("run", MODEL.toString(), "--input", "x=" + in, "--output", "y=" + out);

        assertEquals(0, r.exitCode(), r.err());
        Tensor y = Npy.read(out);
        assertArrayEquals(new int[] {1, 2, 3, 3}, y.shape());
        // Channel 0: 3x3 box sums of ones with zero padding are 4 at corners, 6 on edges, 9 inside; each
        // 2x2 average of them, plus the pooled input (1).
        float[] channel0 = {7.25f, 8.5f, 7.25f, 8.5f, 10f, 8.5f, 7.25f, 8.5f, 7.25f};
        // Channel 1: the input (1) minus 0.5, averaged, plus 1.
        float[] expected = new float[18];
        System.arraycopy(channel0, 0, expected, 0, 9);
        java.util.Arrays.fill(expected, 9, 18, 1.5f);
        assertArrayEquals(expected, y.toFloatArray());
    }

    @Test
    void randomInputMatchesTheFormula(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("y.npy");
        CliRunner r = CliRunner.run("run", MODEL.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());

        // Without --input the model sees the documented seeded random input.
        float[] x = SeededRandom.input("x", DType.F32, new int[] {1, 1, 6, 6}).toFloatArray();
        float[] y = Npy.read(out).toFloatArray();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double pooled = 0;
                    double skip = 0;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            int r0 = 2 * i + di;
                            int c0 = 2 * j + dj;
                            double conv = c == 0 ? boxSum(x, r0, c0) : x[r0 * 6 + c0] - 0.5;
                            pooled += Math.max(0, (float) conv);
                            skip += x[r0 * 6 + c0];
                        }
                    }
                    float expected = (float) ((float) (pooled / 4) + (float) (skip / 4));
                    assertEquals(expected, y[c * 9 + i * 3 + j], 1e-6f, "y[0, " + c + ", " + i + ", " + j + "]");
                }
            }
        }
        assertEquals(true, Files.size(out) > 0);
    }

    private static double boxSum(float[] x, int r, int c) {
        double sum = 0;
        for (int i = r - 1; i <= r + 1; i++) {
            for (int j = c - 1; j <= c + 1; j++) {
                if (i >= 0 && i < 6 && j >= 0 && j < 6) {
                    sum += x[i * 6 + j];
                }
            }
        }
        return sum;
    }
}
