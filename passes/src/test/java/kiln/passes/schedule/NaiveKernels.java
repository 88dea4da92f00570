package kiln.passes.schedule;

import java.util.List;
import java.util.Random;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopParser;

/**
 * Random naive kernels as compute definitions write them: serial loops over the output elements, reduction
 * loops inside, written as Loop IR text. Sizes include 1, primes and numbers that are not multiples of any
 * lane count.
 */
final class NaiveKernels {
    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 33};

    private final Random rnd;

    NaiveKernels(long seed) {
        rnd = new Random(seed);
    }

    int size() {
        return SIZES[rnd.nextInt(SIZES.length)];
    }

    int small() {
        return SIZES[rnd.nextInt(7)];
    }

    Kernel any() {
        return switch (rnd.nextInt(7)) {
            case 0 -> elementwise();
            case 1, 2 -> matmul();
            case 3, 4 -> conv();
            case 5 -> rows();
            default -> pool();
        };
    }

    /** {@code y = max(x·0.5 + b, 0)} over [n, c, h, w], b broadcast along c or along (h, w). */
    Kernel elementwise() {
        int n = small();
        int c = size();
        int h = small();
        int w = size();
        boolean perChannel = rnd.nextBoolean();
        String b = perChannel ? "b[c]" : "b[h*" + w + " + w]";
        int bsize = perChannel ? c : h * w;
        String idx = "((n*" + c + " + c)*" + h + " + h)*" + w + " + w";
        String value = rnd.nextBoolean() ? "max(x[" + idx + "]*0.5 + " + b + ", 0.0)"
                : "select(x[" + idx + "] < " + b + ", exp(x[" + idx + "]), " + b + " - 1.0)";
        return parse("""
                kernel ew(x: f32[%d], b: f32[%d], y: f32[%d]) {
                  for n in 0..%d {
                    for c in 0..%d {
                      for h in 0..%d {
                        for w in 0..%d {
                          y[%s] = %s
                        }
                      }
                    }
                  }
                }
                """.formatted(n * c * h * w, bsize, n * c * h * w, n, c, h, w, idx, value));
    }

    /** C = A·B (+ bias), accumulating in a local scalar or directly in C. */
    Kernel matmul() {
        int m = size();
        int k = size();
        int n = size();
        if (rnd.nextBoolean()) {
            return parse("""
                    kernel mm(a: f32[%1$d], b: f32[%2$d], bias: f32[%5$d], c: f32[%3$d]) {
                      for i in 0..%4$d {
                        for j in 0..%5$d {
                          allocate acc: f32[1] {
                            acc[0] = 0.0
                            for p in 0..%6$d {
                              acc[0] = fma(a[i*%6$d + p], b[p*%5$d + j], acc[0])
                            }
                            c[i*%5$d + j] = acc[0] + bias[j]
                          }
                        }
                      }
                    }
                    """.formatted(m * k, k * n, m * n, m, n, k));
        }
        return parse("""
                kernel mm(a: f32[%1$d], b: f32[%2$d], c: f32[%3$d]) {
                  for i in 0..%4$d {
                    for j in 0..%5$d {
                      c[i*%5$d + j] = 0.0
                      for p in 0..%6$d {
                        c[i*%5$d + j] = c[i*%5$d + j] + a[i*%6$d + p]*b[p*%5$d + j]
                      }
                    }
                  }
                }
                """.formatted(m * k, k * n, m * n, m, n, k));
    }

    /** A 2-d convolution, grouped (depthwise sometimes), with stride, dilation and padding guards. */
    Kernel conv() {
        int batch = 1 + rnd.nextInt(2);
        boolean depthwise = rnd.nextInt(3) == 0;
        int c = small();
        int o = depthwise ? c : small();
        int cg = depthwise ? 1 : c;
        int h = size();
        int w = size();
        int kh = 1 + rnd.nextInt(3);
        int kw = 1 + rnd.nextInt(3);
        int stride = 1 + rnd.nextInt(2);
        int dil = 1 + rnd.nextInt(2);
        int pad = rnd.nextInt(2);
        int oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1;
        int ow = (w + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
        if (oh < 1 || ow < 1) {
            return conv();
        }
        String inChannel = depthwise ? "o" : "ci";
        return parse("""
                kernel conv(x: f32[%d], wt: f32[%d], y: f32[%d]) {
                  for n in 0..%d {
                    for o in 0..%d {
                      for oh in 0..%d {
                        for ow in 0..%d {
                          allocate acc: f32[1] {
                            acc[0] = 0.0
                            for ci in 0..%d {
                              for kh in 0..%d {
                                for kw in 0..%d {
                                  let ih = oh*%d + kh*%d - %d {
                                    let iw = ow*%d + kw*%d - %d {
                                      if 0 <= ih && ih < %d && 0 <= iw && iw < %d {
                                        acc[0] = fma(x[((n*%d + %s)*%d + ih)*%d + iw], wt[((o*%d + ci)*%d + kh)*%d + kw], acc[0])
                                      }
                                    }
                                  }
                                }
                              }
                            }
                            y[((n*%d + o)*%d + oh)*%d + ow] = acc[0]
                          }
                        }
                      }
                    }
                  }
                }
                """.formatted(batch * c * h * w, o * cg * kh * kw, batch * o * oh * ow, batch, o, oh, ow, cg, kh, kw,
                stride, dil, pad, stride, dil, pad, h, w, c, inChannel, h, w, cg, kh, kw, o, oh, ow));
    }

    /** A softmax over rows: three passes per row, two scalar accumulators. */
    Kernel rows() {
        int r = size();
        int l = size();
        return parse("""
                kernel rows(x: f32[%1$d], y: f32[%1$d]) {
                  for r in 0..%2$d {
                    allocate m: f32[1] {
                      m[0] = -inf
                      for j in 0..%3$d {
                        m[0] = max(m[0], x[r*%3$d + j])
                      }
                      allocate s: f32[1] {
                        s[0] = 0.0
                        for j2 in 0..%3$d {
                          s[0] = s[0] + exp(x[r*%3$d + j2] - m[0])
                        }
                        for j3 in 0..%3$d {
                          y[r*%3$d + j3] = exp(x[r*%3$d + j3] - m[0]) / s[0]
                        }
                      }
                    }
                  }
                }
                """.formatted(r * l, r, l));
    }

    /** A 2×2 or 3×3 max pool with stride and padding, accumulating directly into the output. */
    Kernel pool() {
        int c = small();
        int h = size() + 1;
        int w = size() + 1;
        int k = 2 + rnd.nextInt(2);
        int stride = 1 + rnd.nextInt(2);
        int pad = rnd.nextInt(2);
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        if (oh < 1 || ow < 1) {
            return pool();
        }
        return parse("""
                kernel pool(x: f32[%d], y: f32[%d]) {
                  for c in 0..%d {
                    for oh in 0..%d {
                      for ow in 0..%d {
                        y[(c*%d + oh)*%d + ow] = -inf
                        for kh in 0..%d {
                          for kw in 0..%d {
                            if 0 <= oh*%d + kh - %d && oh*%d + kh - %d < %d && 0 <= ow*%d + kw - %d && ow*%d + kw - %d < %d {
                              y[(c*%d + oh)*%d + ow] = max(y[(c*%d + oh)*%d + ow], x[(c*%d + oh*%d + kh - %d)*%d + ow*%d + kw - %d])
                            }
                          }
                        }
                      }
                    }
                  }
                }
                """.formatted(c * h * w, c * oh * ow, c, oh, ow, oh, ow, k, k, stride, pad, stride, pad, h, stride, pad,
                stride, pad, w, oh, ow, oh, ow, h, stride, pad, w, stride, pad));
    }

    static Kernel parse(String text) {
        return LoopParser.parseKernel(text);
    }

    static List<String> kinds() {
        return List.of("elementwise", "matmul", "conv", "rows", "pool");
    }
}
