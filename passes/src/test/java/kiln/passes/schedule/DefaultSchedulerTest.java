package kiln.passes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.LoopVerifier;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;
import kiln.passes.loop.LoopPipeline;
import org.junit.jupiter.api.Test;

class DefaultSchedulerTest {
    private static final long SEED = 5150;

    @Test
    void schedulesPreserveResultsOnRandomKernels() {
        for (int c = 0; c < 120; c++) {
            long seed = SEED + c;
            Kernel naive = new NaiveKernels(seed).any();
            DefaultScheduler.Scheduled s = DefaultScheduler.run(naive);
            LoopVerifier.verify(s.kernel());
            assertPreserved(naive, s, seed, "default schedule");
            // The schedule replays on the prepared kernel, from its text.
            Kernel replayed = Schedule.parse(s.schedule().text()).apply(DefaultScheduler.prepare(naive));
            assertEquals(s.kernel(), replayed);
            Kernel lowered = LoopPipeline.STANDARD.runVerified(s.kernel());
            Runs.assertClose(naive, lowered, seed, "default schedule and loop passes", 1e-5);
        }
    }

    @Test
    void matmulGetsARegisterTile() {
        Kernel mm = NaiveKernels.parse("""
                kernel mm(a: f32[1200], b: f32[1000], c: f32[1920]) {
                  for i in 0..48 {
                    for j in 0..40 {
                      allocate acc: f32[1] {
                        acc[0] = 0.0
                        for p in 0..25 {
                          acc[0] = fma(a[i*25 + p], b[p*40 + j], acc[0])
                        }
                        c[i*40 + j] = acc[0]
                      }
                    }
                  }
                }
                """);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(mm, Target.of(256), java.util.Set.of());
        // An outer-product tile of 5 rows × 2 vectors of 8 lanes (see OuterProductTiling.tileShape); the
        // guard-free interior split from the partial last row tile and the last panel, whose second vector is
        // past j. The dependence test cannot separate the panels' full and partial row tiles, so the loops of
        // row tiles inside the panels are the parallel ones.
        assertEquals("""
                split(j, 16, jo, ji)
                split(ji, 8, jio, jii)
                split(i, 5, io, ii)
                reorder(jo, io, ii, jio, jii)
                vectorize(jii)
                tile_accumulator(io)
                unroll(ii)
                unroll(jio)
                index_split(io, [9])
                index_split(jo, [2])
                parallel(io_0)
                """, s.schedule().text());
        Runs.assertSame(mm, s.kernel(), 1, "matmul schedule");
        // After the loop passes: the full panels' reduction loop updates ten accumulators at constant vector
        // positions from two vectors of b and five broadcasts of a.
        Kernel k = LoopPipeline.STANDARD.runVerified(s.kernel());
        String text = LoopPrinter.print(k);
        assertTrue(flat(text).contains(flat("""
                    for p in 0..25 {
                      let a_jii = a[io_0*125 + p] {
                        for jii in 0..8 vectorized {
                          acc_tile[jii] = fma(a_jii, b[p*40 + jo_0*16 + jii], acc_tile[jii])
                        }
                      }
                      let a_jii1 = a[io_0*125 + p] {
                        for jii in 0..8 vectorized {
                          acc_tile[jii + 8] = fma(a_jii1, b[p*40 + jo_0*16 + jii + 8], acc_tile[jii + 8])
                        }
                      }
                """)), text);
    }

    /**
     * The schedule computes what the kernel does: bit for bit, or within rounding (normwise 1e-5, far above
     * the √K·2⁻²⁴ a reassociated sum of K terms moves) where it reorders a reduction.
     */
    static void assertPreserved(Kernel k, DefaultScheduler.Scheduled s, long seed, String what) {
        String text = s.schedule().text();
        if (text.contains("reorder_reduction")) {
            Runs.assertClose(k, s.kernel(), seed, what + "\n" + text, 1e-5);
        } else {
            Runs.assertSame(k, s.kernel(), seed, what + "\n" + text);
        }
    }

    /** The lines without their indentation. */
    private static String flat(String s) {
        return s.lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void convolutionTilesRowsAndVectorizesWidth() {
        NaiveKernels g = new NaiveKernels(3);
        for (int c = 0; c < 40; c++) {
            Kernel conv = g.conv();
            assertPreserved(conv, DefaultScheduler.run(conv), c, "conv schedule");
        }
        Kernel conv = NaiveKernels.parse("""
                kernel conv(x: f32[2048], wt: f32[576], y: f32[2048]) {
                  for o in 0..8 {
                    for oh in 0..16 {
                      for ow in 0..16 {
                        allocate acc: f32[1] {
                          acc[0] = 0.0
                          for ci in 0..8 {
                            for kh in 0..3 {
                              for kw in 0..3 {
                                let ih = oh + kh - 1 {
                                  let iw = ow + kw - 1 {
                                    if 0 <= ih && ih < 16 && 0 <= iw && iw < 16 {
                                      acc[0] = fma(x[(ci*16 + ih)*16 + iw], wt[((o*8 + ci)*3 + kh)*3 + kw], acc[0])
                                    }
                                  }
                                }
                              }
                            }
                          }
                          y[(o*16 + oh)*16 + ow] = acc[0]
                        }
                      }
                    }
                  }
                }
                """);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(conv, Target.of(256), java.util.Set.of());
        // Without packing the weights, output columns are the vector axis (the input rows are unit-stride) and
        // output channels the tile rows; the taps' padding guards move out of the loop over input channels.
        assertEquals("""
                reorder_reduction(kh, kw, ci)
                split(ow, 16, owo, owi)
                split(owi, 8, owio, owii)
                split(o, 4, oo, oi)
                reorder(oh, owo, oo, oi, owio, owii)
                vectorize(owii)
                tile_accumulator(oo)
                unroll(oi)
                unroll(owio)
                parallel(oh)
                """, s.schedule().text());
        assertPreserved(conv, s, 2, "conv schedule");
        // With the weights packed, output channels are the vector axis.
        DefaultScheduler.Scheduled packed = DefaultScheduler.run(conv, Target.of(256), java.util.Set.of("wt"));
        assertTrue(packed.schedule().text().startsWith("""
                pack(wt, [8, 8, 3, 3], [0, 2, 3, 1], 0, 8)
                reorder_reduction(kh, kw, ci)
                split(o, 8, oo, oi)
                """), packed.schedule().text());
    }

    @Test
    void elementwiseFusesShortAxesAndParallelizesOuter() {
        Kernel ew = NaiveKernels.parse("""
                kernel ew(x: f32[588], b: f32[12], y: f32[588]) {
                  for n in 0..1 {
                    for c in 0..12 {
                      for h in 0..7 {
                        for w in 0..7 {
                          y[(c*7 + h)*7 + w] = max(x[(c*7 + h)*7 + w] + b[c], 0.0)
                        }
                      }
                    }
                  }
                }
                """);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(ew);
        assertEquals("""
                fuse(h, w, h_w)
                split(h_w, lanes(f32), h_wo, h_wi)
                vectorize(h_wi)
                parallel(c)
                """, s.schedule().text());
        Runs.assertSame(ew, s.kernel(), 3, "elementwise schedule");
    }

    @Test
    void fewOuterIterationsAreFusedForThreads() {
        Kernel k = NaiveKernels.parse("""
                kernel k(x: f32[384], y: f32[384]) {
                  for a in 0..2 {
                    for b in 0..3 {
                      for c in 0..64 {
                        y[(a*3 + b)*64 + c] = x[(a*3 + b)*64 + c]*2.0
                      }
                    }
                  }
                }
                """);
        DefaultScheduler.Scheduled s = DefaultScheduler.run(k);
        Stmt.For top = (Stmt.For) s.kernel().body();
        assertEquals(LoopKind.PARALLEL, top.kind());
        assertTrue(s.schedule().text().contains("fuse(a, b, a_b)"), s.schedule().text());
        Runs.assertSame(k, s.kernel(), 4, "fused parallel schedule");
    }

    @Test
    void reductionsAlongTheContiguousAxisStaySerialInside() {
        Kernel rows = new NaiveKernels(11).rows();
        DefaultScheduler.Scheduled s = DefaultScheduler.run(rows);
        Runs.assertSame(rows, s.kernel(), 5, "rows schedule");
        // The max and the sum carry a dependence; only the normalising loop vectorizes.
        for (String reduction : List.of("j", "j2")) {
            assertTrue(Uses.names(s.kernel()).contains(reduction));
        }
        assertTrue(s.schedule().text().contains("vectorize(j3i)"), s.schedule().text());
    }
}
