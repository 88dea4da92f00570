package kiln.codegen.cpu;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;

/**
 * A register-tiled matmul written by hand in Loop IR — a rows × vectors·Lanes accumulator tile, broadcast-FMA
 * inner loop over k — the shape of micro-kernel the emitter must keep in vector registers. (Its speed is
 * measured with the model's real schedules by the benchmark suite, {@code bench/run matmul}.)
 */
final class TiledMatmul {
    private TiledMatmul() {
    }

    /** C[M×N] = A[M×K]·B[K×N]: panels of 3·Lanes columns in parallel, 4-row tiles, k innermost. */
    static Kernel matmul(int m, int n, int k) {
        return matmul(m, n, k, 4, 3);
    }

    /** The same with a tile of {@code rows} × {@code vectors}·Lanes accumulators. */
    static Kernel matmul(int m, int n, int k, int rows, int vectors) {
        String text = """
                kernel matmul(a: f32[$MK], b: f32[$KN], c: f32[$MN]) {
                  for jo in 0..$N // ($Q*lanes(f32)) parallel {
                    for io in 0..$M // $R {
                      allocate acc: f32[$T] {
                        for r in 0..$R unrolled {
                          for q in 0..$Q unrolled {
                            for v in 0..lanes(f32) vectorized {
                              acc[(r*$Q + q)*lanes(f32) + v] = 0.0
                            }
                          }
                        }
                        for kk in 0..$K {
                          for r in 0..$R unrolled {
                            let ar = a[(io*$R + r)*$K + kk] {
                              for q in 0..$Q unrolled {
                                for v in 0..lanes(f32) vectorized {
                                  acc[(r*$Q + q)*lanes(f32) + v] = fma(ar, b[kk*$N + (jo*$Q + q)*lanes(f32) + v], acc[(r*$Q + q)*lanes(f32) + v])
                                }
                              }
                            }
                          }
                        }
                        for r in 0..$R unrolled {
                          for q in 0..$Q unrolled {
                            for v in 0..lanes(f32) vectorized {
                              c[(io*$R + r)*$N + (jo*$Q + q)*lanes(f32) + v] = acc[(r*$Q + q)*lanes(f32) + v]
                            }
                          }
                        }
                      }
                    }
                  }
                }
                """;
        text = text.replace("$R", Integer.toString(rows)).replace("$Q", Integer.toString(vectors))
                .replace("$T", Integer.toString(rows * vectors * 16));
        text = text.replace("$MK", Integer.toString(m * k)).replace("$KN", Integer.toString(k * n))
                .replace("$MN", Integer.toString(m * n)).replace("$M", Integer.toString(m))
                .replace("$N", Integer.toString(n)).replace("$K", Integer.toString(k));
        return LoopParser.parseKernel(text);
    }
}
