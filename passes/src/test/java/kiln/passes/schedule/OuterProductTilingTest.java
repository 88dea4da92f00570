package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import kiln.ir.loop.Kernel;
import org.junit.jupiter.api.Test;

/** The register-tile shapes {@link OuterProductTiling} picks, and the parallel loops of its schedules. */
class OuterProductTilingTest {
    private static final Target AVX2 = Target.of(256);
    private static final Target AVX512 = Target.of(512);

    @Test
    void tileShapesFollowRegistersAndTheBroadcastOperandsLayout() {
        // A 3×3 convolution: pixels one apart, a window sliding over them with the taps: 5 rows × 2 vectors.
        assertArrayEquals(new int[] {5, 2}, OuterProductTiling.tileShape(AVX2, 56, 8, 1, true));
        // A 1×1 convolution: pixels one apart and nothing sliding: a power of two rows, one cache line a step.
        assertArrayEquals(new int[] {4, 2}, OuterProductTiling.tileShape(AVX2, 56, 32, 1, false));
        // A matrix product with rows 4 KiB apart: every broadcast of a step in one L1 set, so 3 rows at most.
        assertArrayEquals(new int[] {3, 3}, OuterProductTiling.tileShape(AVX2, 1024, 128, 1024, true));
        // Rows that a short axis divides beat a wider tile with a partial one: 8 rows as 2 × 4, not 5 + 3.
        assertArrayEquals(new int[] {4, 2}, OuterProductTiling.tileShape(AVX2, 8, 2, 72, true));
        // A strided convolution's pixels, 2 apart: a power of two rows (4 × 2, not 5 × 2).
        assertArrayEquals(new int[] {4, 2}, OuterProductTiling.tileShape(AVX2, 14, 16, 2, true));
        // One row (a matrix-vector product): the vectors may outnumber it.
        int[] one = OuterProductTiling.tileShape(AVX2, 1, 16, 1, true);
        assertTrue(one[0] == 1 && one[1] >= 4, one[0] + "x" + one[1]);
        // Every shape fits the registers, with C2's streamed broadcasts: R·V + R + V ≤ registers + 1.
        for (Target t : new Target[] {AVX2, AVX512, Target.of(128)}) {
            for (long rows : new long[] {1, 2, 3, 7, 13, 56, 1024}) {
                for (long vectors : new long[] {1, 2, 3, 5, 8, 128}) {
                    for (long stride : new long[] {1, 2, 25, 1024}) {
                        int[] s = OuterProductTiling.tileShape(t, rows, vectors, stride, stride != 1);
                        assertTrue(s[0] * s[1] + s[0] + s[1] <= t.vectorRegisters() + 1 && s[0] <= rows
                                && s[1] <= vectors, t + " " + rows + " " + vectors + " " + stride + ": " + s[0] + "x" + s[1]);
                    }
                }
            }
        }
    }

    @Test
    void packedBroadcastTilesKeepHalfTheRegistersForAccumulators() {
        // A 1×1 convolution's 256 output channels by 392 vectors of pixels: 4 × 2 with AVX2.
        assertArrayEquals(new int[] {4, 2}, OuterProductTiling.packedBroadcastShape(AVX2, 256, 392));
        for (Target t : new Target[] {AVX2, AVX512, Target.of(128)}) {
            for (long rows : new long[] {1, 2, 3, 7, 13, 256}) {
                for (long vectors : new long[] {1, 2, 3, 7, 392}) {
                    int[] s = OuterProductTiling.packedBroadcastShape(t, rows, vectors);
                    assertTrue(s[0] * s[1] <= t.vectorRegisters() / 2 && s[0] <= rows && s[1] <= vectors
                            && (s[1] <= s[0] || s[0] == rows), t + " " + rows + " " + vectors + ": " + s[0] + "x" + s[1]);
                }
            }
        }
    }

    /** A 1×1 convolution, NCHW: out[o, p] = Σ_c x[c, p]·w[o, c] over {@code c} channels and h × w pixels. */
    private static Kernel conv1x1(int c, int o, int h, int w) {
        int p = h * w;
        return NaiveKernels.parse("""
                kernel conv(x: f32[%d], w: f32[%d], out: f32[%d]) {
                  for oc in 0..%d {
                    for ph in 0..%d {
                      for pw in 0..%d {
                        allocate acc: f32[1] {
                          acc[0] = 0.0
                          for ic in 0..%d {
                            acc[0] = fma(x[ic*%d + ph*%d + pw], w[oc*%d + ic], acc[0])
                          }
                          out[oc*%d + ph*%d + pw] = acc[0]
                        }
                      }
                    }
                  }
                }
                """.formatted(c * p, o * c, o * p, o, h, w, c, p, w, c, p, w));
    }

    @Test
    void convolutionsVectorizePixelsAndBroadcastPackedWeights() {
        // The weights packed as [o / 4][c][4], the pixels of both rows fused into one vector axis, the input
        // panel staged: 256 channels 3136 floats apart.
        Kernel k = conv1x1(256, 256, 56, 56);
        String text = DefaultScheduler.run(k, AVX2, Set.of("w")).schedule().text();
        assertTrue(text.contains("pack(w, [256, 256], [0, 1], 0, 4)") && text.contains("fuse(ph, pw")
                && text.contains("stage(x, "), text);
        // Awkward shapes at every width, against the unscheduled kernel on the Loop IR interpreter, the weights
        // packed by the schedule's packers first (as ProgramScheduler packs them at compile time).
        long seed = 1;
        for (int[] shape : new int[][] {{7, 13, 5, 11}, {40, 19, 8, 9}, {3, 6, 1, 29}, {1, 1, 1, 2}, {17, 5, 3, 1}}) {
            Kernel naive = conv1x1(shape[0], shape[1], shape[2], shape[3]);
            for (Target t : new Target[] {AVX2, AVX512, Target.of(128)}) {
                DefaultScheduler.Scheduled s = DefaultScheduler.run(naive, t, Set.of("w"));
                List<Kernel> kernels = new ArrayList<>();
                for (Step step : s.schedule().steps()) {
                    if (step instanceof Pack pack) {
                        kernels.add(pack.packer(naive));
                    }
                }
                kernels.add(s.kernel());
                for (int lanes : Runs.LANES) {
                    float[] want = Runs.runAll(List.of(naive), lanes, seed).get("out");
                    float[] got = Runs.runAll(kernels, lanes, seed).get("out");
                    assertArrayEquals(want, got, Arrays.toString(shape) + " at " + t.vectorBits() + " bits, "
                            + lanes + " lanes: " + s.schedule().text());
                }
                seed++;
            }
        }
    }

    @Test
    void panelsWithPartialTilesStillRunInParallel() {
        // 1024 rows in tiles of 3 and 1024 columns in panels of 24 leave a partial row tile in every panel and a
        // partial panel; the dependence test cannot tell the panels' stores apart, so the row tiles are parallel.
        Kernel mm = NaiveKernels.parse("""
                kernel mm(a: f32[1048576], b: f32[1048576], c: f32[1048576]) {
                  for i in 0..1024 {
                    for j in 0..1024 {
                      allocate acc: f32[1] {
                        acc[0] = 0.0
                        for p in 0..1024 {
                          acc[0] = fma(a[i*1024 + p], b[p*1024 + j], acc[0])
                        }
                        c[i*1024 + j] = acc[0]
                      }
                    }
                  }
                }
                """);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(mm, AVX2, Set.of("b"));
        String text = s.schedule().text();
        assertTrue(text.contains("split(i, 3, io, ii)") && text.contains("split(j, 24, jo, ji)"), text);
        assertTrue(text.contains("parallel(io_0)"), text);
    }
}
