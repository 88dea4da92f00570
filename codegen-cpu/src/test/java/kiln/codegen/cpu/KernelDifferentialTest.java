package kiln.codegen.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kiln.ir.loop.Kernel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hand-written Loop IR kernels, compiled and compared with the interpreter at the vector width this JVM runs
 * at (surefire runs this class at 128, 256 and 512 bits), over sizes of 1, primes and sizes that are not
 * multiples of any lane count, with plain and corner-value (NaN, ±0, ±inf, subnormal) inputs.
 */
class KernelDifferentialTest {
    private static final long SEED = 20260101L;
    private static final int[] SIZES = {1, 2, 3, 7, 16, 17, 31, 67};

    /** A kernel template: sizes substituted for {@code $N}-style names; exact or within {@code ulps}. */
    record Case(String name, String text, int ulps, String... sizeNames) {
    }

    static final List<Case> CASES = List.of(
            new Case("broadcast_add", """
                    kernel broadcast_add(x: f32[$R*$C], b: f32[$C], y: f32[$R*$C]) {
                      for i in 0..$R parallel {
                        for j in 0..$C vectorized {
                          y[i*$C + j] = x[i*$C + j] + b[j]
                        }
                      }
                    }
                    """, 0, "R", "C"),
            new Case("exact_math", """
                    kernel exact_math(x: f32[$N], z: f32[$N], y: f32[8*$N]) {
                      for jo in 0..($N + lanes(f32) - 1) // lanes(f32) {
                        for ji in 0..lanes(f32) vectorized {
                          if jo*lanes(f32) + ji < $N {
                            let i = jo*lanes(f32) + ji {
                              y[i] = abs(x[i]) - sqrt(abs(z[i])) / x[i]
                              y[$N + i] = -floor(x[i]) + ceil(z[i])
                              y[2*$N + i] = rint(x[i] * 3.5)
                              y[3*$N + i] = min(x[i], z[i]) * max(z[i], -0.0)
                              y[4*$N + i] = select(x[i] < z[i], x[i], z[i] * 2.0)
                              y[5*$N + i] = f32(x[i] <= z[i]) + f32(x[i] == z[i]) + f32(x[i] != 0.5)
                              y[6*$N + i] = fma(x[i], z[i], 1.0)
                              y[7*$N + i] = f32(i32(x[i] * 100.0) + i)
                            }
                          }
                        }
                      }
                    }
                    """, 0, "N"),
            new Case("approx_math", """
                    kernel approx_math(x: f32[$N], y: f32[7*$N]) {
                      for i in 0..$N vectorized {
                        y[i] = exp(x[i])
                        y[$N + i] = log(abs(x[i]))
                        y[2*$N + i] = tanh(x[i])
                        y[3*$N + i] = sin(x[i])
                        y[4*$N + i] = cos(x[i])
                        y[5*$N + i] = erf(x[i])
                        y[6*$N + i] = pow(abs(x[i]), x[i])
                      }
                    }
                    """, 4, "N"),
            new Case("row_sum", """
                    kernel row_sum(x: f32[$R*$C], y: f32[$R]) {
                      for r in 0..$R parallel {
                        allocate acc: f32[16] {
                          for v in 0..lanes(f32) vectorized {
                            acc[v] = 0.0
                          }
                          for ko in 0..($C + lanes(f32) - 1) // lanes(f32) {
                            for v in 0..lanes(f32) vectorized {
                              if ko*lanes(f32) + v < $C {
                                acc[v] = acc[v] + x[r*$C + ko*lanes(f32) + v]
                              }
                            }
                          }
                          allocate s: f32[1] {
                            s[0] = 0.0
                            for i in 0..lanes(f32) {
                              s[0] = s[0] + acc[i]
                            }
                            y[r] = s[0]
                          }
                        }
                      }
                    }
                    """, 0, "R", "C"),
            new Case("conv1d", """
                    kernel conv1d(x: f32[$W], w: f32[3], y: f32[$W]) {
                      for o in 0..$W vectorized {
                        allocate acc: f32[1] {
                          acc[0] = 0.0
                          for k in 0..3 {
                            let iw = o + k - 1 {
                              if 0 <= iw && iw < $W {
                                acc[0] = fma(w[k], x[iw], acc[0])
                              }
                            }
                          }
                          y[o] = acc[0]
                        }
                      }
                    }
                    """, 0, "W"),
            new Case("conv1d_strided", """
                    kernel conv1d_strided(x: f32[$W], w: f32[5], y: f32[$W]) {
                      for o in 0..($W + 1) // 2 vectorized {
                        allocate acc: f32[1] {
                          acc[0] = 0.0
                          for k in 0..5 unrolled {
                            let iw = o*2 + k*2 - 3 {
                              acc[0] = acc[0] + w[k] * select(0 <= iw && iw < $W, x[iw], 0.0)
                            }
                          }
                          y[o] = acc[0]
                        }
                      }
                    }
                    """, 0, "W"),
            new Case("stride2_loads", """
                    kernel stride2_loads(x: f32[2*$N], y: f32[3*$N]) {
                      for o in 0..$N vectorized {
                        y[o] = x[o*2] * 2.0 + x[o*2 + 1]
                        if o < $N - 1 {
                          y[$N + o] = max(x[o*2 + 1], x[o*2 + 2])
                        }
                        if 1 <= o {
                          y[2*$N + o] = x[o*2 - 1] - x[o*2 - 2]
                        }
                      }
                    }
                    """, 0, "N"),
            new Case("transpose_scatter", """
                    kernel transpose_scatter(x: f32[$R*$C], y: f32[$C*$R]) {
                      for i in 0..$R {
                        for j in 0..$C vectorized {
                          y[j*$R + i] = x[i*$C + j]
                        }
                      }
                    }
                    """, 0, "R", "C"),
            new Case("transpose_gather", """
                    kernel transpose_gather(x: f32[$R*$C], y: f32[$C*$R]) {
                      for j in 0..$C parallel {
                        for i in 0..$R vectorized {
                          y[j*$R + i] = x[i*$C + j]
                        }
                      }
                    }
                    """, 0, "R", "C"),
            new Case("ints", """
                    kernel ints(a: i32[$N], b: i32[$N], c: i32[3*$N], f: f32[$N]) {
                      for i in 0..$N vectorized {
                        c[i] = max(a[i] * 3 - b[i], a[i] + i)
                        c[$N + i] = min(-a[i], abs(b[i])) + a[i] / 7
                        c[2*$N + i] = i32(f[i] < 0.0) + i32(f[i] * 10.0)
                        f[i] = f32(a[i]) * 0.5 + f32(i)
                      }
                    }
                    """, 0, "N"),
            new Case("int_fallback", """
                    kernel int_fallback(a: i32[$N], b: i32[$N], m: bool[$N], q: i64[$N], z: i8[$N], d: f64[$N]) {
                      for i in 0..$N vectorized {
                        a[i] = a[i] // 3 + a[i] % 5 + pow(b[i] % 4, 3)
                        m[i] = m[i] && a[i] < b[i] || !m[i]
                        q[i] = q[i] * 1000000007:i64 + i64(a[i])
                        z[i] = z[i] * i8(3) - i8(b[i])
                        d[i] = d[i] * 0.5:f64 + f64(b[i]) + sqrt(abs(d[i]))
                      }
                    }
                    """, 0, "N"),
            new Case("dot_fallback", """
                    kernel dot_fallback(x: f32[$N], y: f32[$N], out: f32[1]) {
                      out[0] = 0.0
                      for i in 0..$N vectorized {
                        out[0] = fma(x[i], y[i], out[0])
                      }
                    }
                    """, 0, "N"),
            new Case("captures", """
                    kernel captures(x: f32[3*$B*$C], y: f32[3*$B*$C]) {
                      for a in 0..3 {
                        let s = f32(a) * 0.25 + 1.0 {
                          for b in 0..$B parallel {
                            allocate t: f32[$C] {
                              for c in 0..$C {
                                t[c] = x[(a*$B + b)*$C + c] * s
                              }
                              for c in 0..$C parallel {
                                y[(a*$B + b)*$C + c] = t[$C - 1 - c]
                              }
                            }
                          }
                        }
                      }
                    }
                    """, 0, "B", "C"),
            new Case("unrolled_tile", """
                    kernel unrolled_tile(x: f32[4*$N], y: f32[$N]) {
                      for i in 0..$N {
                        allocate t: f32[4] {
                          for u in 0..4 unrolled {
                            t[u] = x[i*4 + u] * 2.0
                          }
                          y[i] = t[0] + t[1] + t[2] * t[3]
                        }
                      }
                    }
                    """, 0, "N"));

    @TestFactory
    Stream<DynamicTest> compiledKernelsMatchTheInterpreter() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            for (int a : SIZES) {
                int b = SIZES[(indexOf(a) + 3) % SIZES.length];
                Kernel k = instantiate(c, a, b);
                tests.add(DynamicTest.dynamicTest(c.name + " " + a + "x" + b, () -> {
                    var lib = Differential.compile(k);
                    Differential.check(lib, k, SEED + a, false, c.ulps);
                    Differential.check(lib, k, SEED + a + 1, true, c.ulps);
                }));
            }
        }
        return tests.stream();
    }

    static Kernel instantiate(Case c, int a, int b) {
        String text = c.text;
        int[] values = {a, b};
        for (int i = 0; i < c.sizeNames.length; i++) {
            text = text.replace("$" + c.sizeNames[i], Integer.toString(values[i]));
        }
        return Differential.parse(multiplySizes(text));
    }

    /** Buffer sizes must be literals: {@code f32[3*4]} becomes {@code f32[12]}. */
    static String multiplySizes(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(": (\\w+)\\[(\\d+(?:\\*\\d+)+)]").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long product = 1;
            for (String f : m.group(2).split("\\*")) {
                product *= Long.parseLong(f);
            }
            m.appendReplacement(sb, ": " + m.group(1) + "[" + product + "]");
        }
        return m.appendTail(sb).toString();
    }

    private static int indexOf(int size) {
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZES[i] == size) {
                return i;
            }
        }
        return 0;
    }

    static Map<String, Case> byName() {
        Map<String, Case> m = new java.util.LinkedHashMap<>();
        CASES.forEach(c -> m.put(c.name, c));
        return m;
    }
}
