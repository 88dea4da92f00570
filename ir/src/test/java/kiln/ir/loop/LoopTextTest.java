package kiln.ir.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.ir.text.IrSyntaxException;
import org.junit.jupiter.api.Test;

class LoopTextTest {
    static final String MATMUL = """
            kernel matmul(A: f32[12], B: f32[20], C: f32[15]) {
              for i in 0..3 parallel {
                for j in 0..5 {
                  C[i*5 + j] = 0.0
                  for k in 0..4 {
                    C[i*5 + j] = C[i*5 + j] + A[i*4 + k]*B[k*5 + j]
                  }
                }
              }
            }
            """;

    @Test
    void printsAndParsesMatmul() {
        Kernel k = LoopParser.parseKernel(MATMUL);
        LoopVerifier.verify(k);
        assertEquals(MATMUL, LoopPrinter.print(k));
        assertEquals(k, LoopParser.parseKernel(LoopPrinter.print(k)));
        Stmt.For i = (Stmt.For) k.body();
        assertEquals(LoopKind.PARALLEL, i.kind());
    }

    @Test
    void thePackageDocumentationExampleRoundTrips() {
        String text = """
                kernel mm(a: f32[64], b: f32[256], c: f32[128]) {
                  for io in 0..2 parallel {
                    for jo in 0..31 // lanes(f32) + 1 {
                      allocate acc_tile: f32[32] {
                        for ji in 0..lanes(f32) vectorized {
                          for ii in 0..2 unrolled {
                            acc_tile[ii*lanes(f32) + ji] = 0.0
                          }
                        }
                        for p in 0..8 {
                          for ji in 0..lanes(f32) vectorized {
                            for ii in 0..2 unrolled {
                              acc_tile[ii*lanes(f32) + ji] = fma(a[io*16 + ii*8 + p], b[jo*lanes(f32) + p*32 + ji], acc_tile[ii*lanes(f32) + ji])
                            }
                          }
                        }
                        for ji in 0..lanes(f32) vectorized {
                          for ii in 0..2 unrolled {
                            if io*2 + ii < 3 {
                              c[jo*lanes(f32) + io*64 + ii*32 + ji] = acc_tile[ii*lanes(f32) + ji]
                            }
                          }
                        }
                      }
                    }
                  }
                }
                """;
        Kernel k = LoopParser.parseKernel(text);
        LoopVerifier.verify(k);
        assertEquals(text, LoopPrinter.print(k));
    }

    @Test
    void everyConstructRoundTrips() {
        String text = """
                kernel "all forms"(x: f32[64], y: f64[8], n: i32[4], b: bool[4], q: i8[4], w: i64[2]) {
                  allocate acc: f32[64] {
                    for "for" in 0..(n[0] + lanes(f32) - 1) // lanes(f32) {
                      for v in 0..lanes(f32) vectorized {
                        if "for"*lanes(f32) + v < 64 && !(v == 3) || false {
                          acc["for"*lanes(f32) + v] = fma(x[v], -1.5, 2.0E-7) - -3.0
                        } else {
                          acc[0] = select(b[v % 4], -x[0], -(2.0))
                        }
                      }
                    }
                    for u in 0..4 unrolled {
                      let t = f64(acc[u]) * 0.5:f64 {
                        y[u] = min(t, inf:f64) + max(-inf:f64, nan:f64) + pow(t, 2.0:f64) + exp(t) / sqrt(t)
                        w[0] = -3:i64 * i64(u) - 9223372036854775807:i64
                        q[u] = i8(u % 3 - 1 // 2)
                        b[u] = (u <= 2) != (n[u] / 2 < -7)
                      }
                    }
                    seq {
                      x[1] = nan(0x7fc00001)
                    }
                    if true {
                      seq {
                      }
                    }
                  }
                }
                """;
        Kernel k = LoopParser.parseKernel(text);
        LoopVerifier.verify(k);
        String printed = LoopPrinter.print(k);
        assertEquals(k, LoopParser.parseKernel(printed), printed);
        assertEquals(printed, LoopPrinter.print(LoopParser.parseKernel(printed)));
    }

    @Test
    void sequencesOfOneAndNestedSequencesRoundTrip() {
        Buffer x = new Buffer("x", ScalarType.F32, 4, Buffer.Scope.GLOBAL);
        Stmt store = new Stmt.Store(x, new Expr.IntImm(ScalarType.I32, 1), new Expr.FloatImm(ScalarType.F32, 1));
        Expr.Var i = new Expr.Var("i", ScalarType.I32);
        for (Stmt body : List.of(new Stmt.Seq(List.of(store)), new Stmt.Seq(List.of(new Stmt.Seq(List.of(store)), store)),
                new Stmt.Seq(List.of()), new Stmt.Seq(List.of(new Stmt.Seq(List.of()))))) {
            Kernel k = new Kernel("k", List.of(x), new Stmt.For(i, new Expr.IntImm(ScalarType.I32, 2), LoopKind.SERIAL, body));
            assertEquals(k, LoopParser.parseKernel(LoopPrinter.print(k)), LoopPrinter.print(k));
        }
    }

    @Test
    void negativeLiteralsAndNegationsStayApart() {
        List<Expr.Var> vars = List.of(new Expr.Var("x", ScalarType.I32));
        Expr.Var x = vars.getFirst();
        Expr three = new Expr.IntImm(ScalarType.I32, 3);
        Expr minus3 = new Expr.IntImm(ScalarType.I32, -3);
        for (Expr e : List.of(new Expr.Un(UnOp.NEG, three), minus3, new Expr.Bin(BinOp.MUL, minus3, x),
                new Expr.Bin(BinOp.MUL, new Expr.Un(UnOp.NEG, three), x), new Expr.Bin(BinOp.SUB, x, minus3),
                new Expr.Un(UnOp.NEG, new Expr.Bin(BinOp.MUL, x, x)), new Expr.Un(UnOp.NEG, minus3),
                new Expr.Bin(BinOp.SUB, x, new Expr.Bin(BinOp.SUB, x, x)),
                new Expr.Bin(BinOp.LT, new Expr.Bin(BinOp.LT, x, x), new Expr.IntImm(ScalarType.BOOL, 1)))) {
            String text = LoopPrinter.print(e);
            assertEquals(e, LoopParser.parseExpr(text, List.of(), vars), text);
        }
        assertEquals("-(3)", LoopPrinter.print(new Expr.Un(UnOp.NEG, three)));
        assertEquals("x - (x - x)", LoopPrinter.print(new Expr.Bin(BinOp.SUB, x, new Expr.Bin(BinOp.SUB, x, x))));
    }

    @Test
    void floatsRoundTripBitExactly() {
        for (double v : new double[] {0.1, -0.0, 1e-45, Double.MIN_VALUE, 1.0 / 3, Double.MAX_VALUE, Double.NaN}) {
            for (ScalarType t : List.of(ScalarType.F32, ScalarType.F64)) {
                Expr e = new Expr.FloatImm(t, v);
                assertEquals(e, LoopParser.parseExpr(LoopPrinter.print(e), List.of(), List.of()), LoopPrinter.print(e));
            }
        }
        assertEquals("0.1", LoopPrinter.print(new Expr.FloatImm(ScalarType.F32, 0.1)));
    }

    @Test
    void programsPrintTheirKernelsOnce() {
        Kernel k = LoopParser.parseKernel("""
                kernel copy(a: f32[4], b: f32[4]) {
                  for i in 0..4 {
                    b[i] = a[i]
                  }
                }
                """);
        var x = new Program.Storage("x", ScalarType.F32, 4, Program.Role.INPUT, null);
        var t = new Program.Storage("t", ScalarType.F32, 4, Program.Role.TEMP, null);
        var y = new Program.Storage("y", ScalarType.F32, 4, Program.Role.OUTPUT, null);
        var type = kiln.ir.graph.TensorType.of(kiln.runtime.DType.F32, 4);
        Program p = new Program("p", List.of(x, t, y), List.of(new Program.Call(k, List.of(x, t)),
                new Program.Call(k, List.of(t, y))), List.of(new Program.Binding("x", type, x)),
                List.of(new Program.Binding("y", type, y)));
        String text = LoopPrinter.print(p);
        assertEquals("""
                program p {
                  storage x: f32[4] input
                  storage t: f32[4] temp
                  storage y: f32[4] output
                  input x = x: f32[4]
                  output y = y: f32[4]
                  kernel copy(a: f32[4], b: f32[4]) {
                    for i in 0..4 {
                      b[i] = a[i]
                    }
                  }
                  call copy(x, t)
                  call copy(t, y)
                }
                """, text);
    }

    @Test
    void errorsAreLocatedAndCoded() {
        assertKind(IrSyntaxException.Kind.UNDEFINED_VALUE, 3, """
                kernel k(a: f32[4]) {
                  for i in 0..4 {
                    a[j] = 1.0
                  }
                }
                """);
        assertKind(IrSyntaxException.Kind.UNDEFINED_VALUE, 2, "kernel k(a: f32[4]) {\n  b[0] = 1.0\n}\n");
        assertKind(IrSyntaxException.Kind.TYPE_MISMATCH, 2, "kernel k(a: f32[4]) {\n  a[0] = 1\n}\n");
        assertKind(IrSyntaxException.Kind.TYPE_MISMATCH, 2, "kernel k(a: f32[4]) {\n  a[0] = a[0] + 1\n}\n");
        assertKind(IrSyntaxException.Kind.REDEFINED_VALUE, 3,
                "kernel k(a: f32[4]) {\n  for i in 0..4 {\n    for i in 0..2 {\n      a[i] = 1.0\n    }\n  }\n}\n");
        assertKind(IrSyntaxException.Kind.UNKNOWN_DTYPE, 1, "kernel k(a: f16[4]) {\n}\n");
        assertKind(IrSyntaxException.Kind.UNEXPECTED_TOKEN, 2, "kernel k(a: f32[4]) {\n  for i in 1..4 {\n  }\n}\n");
        assertKind(IrSyntaxException.Kind.UNKNOWN_OP, 2, "kernel k(a: f32[4]) {\n  a[0] = expp(a[1])\n}\n");
        assertKind(IrSyntaxException.Kind.NUMBER_OUT_OF_RANGE, 2, "kernel k(a: i8[4]) {\n  a[0] = 300:i8\n}\n");
        assertKind(IrSyntaxException.Kind.UNEXPECTED_CHARACTER, 2, "kernel k(a: f32[4]) {\n  a[0] = $\n}\n");
        assertKind(IrSyntaxException.Kind.TRAILING_INPUT, 3, "kernel k(a: f32[4]) {\n}\n}\n");
        assertKind(IrSyntaxException.Kind.UNEXPECTED_TOKEN, 3, "kernel k(a: f32[4]) {\n  a[0] = 1.0\n");
    }

    private static void assertKind(IrSyntaxException.Kind kind, int line, String text) {
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> LoopParser.parseKernel("t.loop", text));
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.loop:" + line + ":"), e.getMessage());
    }
}
