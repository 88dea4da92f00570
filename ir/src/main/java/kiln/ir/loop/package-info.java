/**
 * Loop IR: kernels as loop nests over flat buffers, the level schedules transform and code generators
 * translate.
 *
 * <p><b>Types.</b> {@link kiln.ir.loop.Kernel} (GLOBAL buffer parameters and a body), {@link kiln.ir.loop.Stmt}
 * (loops over {@code [0, extent)} of a {@link kiln.ir.loop.LoopKind}, stores, sequences, ifs, lets, allocations
 * of LOCAL tiles), {@link kiln.ir.loop.Expr} (constants, variables, {@code lanes(t)}, loads, arithmetic, fma,
 * select, conversions), {@link kiln.ir.loop.Program} (kernels applied to storage). All immutable records.
 *
 * <p><b>Text form.</b> {@link kiln.ir.loop.LoopPrinter} writes and {@link kiln.ir.loop.LoopParser} reads back:
 * <pre>
 * kernel mm(a: f32[64], b: f32[256], c: f32[128]) {
 *   for io in 0..2 parallel {
 *     for jo in 0..31 // lanes(f32) + 1 {
 *       allocate acc_tile: f32[32] {
 *         for ji in 0..lanes(f32) vectorized {
 *           for ii in 0..2 unrolled {
 *             acc_tile[ii*lanes(f32) + ji] = 0.0
 *           }
 *         }
 *         for p in 0..8 {
 *           for ji in 0..lanes(f32) vectorized {
 *             for ii in 0..2 unrolled {
 *               acc_tile[ii*lanes(f32) + ji] = fma(a[io*16 + ii*8 + p], b[jo*lanes(f32) + p*32 + ji], acc_tile[ii*lanes(f32) + ji])
 *             }
 *           }
 *         }
 *         for ji in 0..lanes(f32) vectorized {
 *           for ii in 0..2 unrolled {
 *             if io*2 + ii &lt; 3 {
 *               c[jo*lanes(f32) + io*64 + ii*32 + ji] = acc_tile[ii*lanes(f32) + ji]
 *             }
 *           }
 *         }
 *       }
 *     }
 *   }
 * }
 * </pre>
 * Statements: {@code for v in 0..extent [parallel|vectorized|unrolled] { }}, {@code buf[index] = value},
 * {@code if cond { } else { }}, {@code let v = value { }}, {@code allocate buf: type[size] { }} and
 * {@code seq { }} (an explicit sequence; a block of several statements is one already). Expressions: infix
 * {@code + - * / // % < <= == != && ||} with the usual precedence ({@code //} and {@code %} round toward
 * minus infinity, comparisons do not chain), prefix {@code -} and {@code !}, calls {@code min max pow fma
 * select lanes(t)}, unary functions ({@code exp log sqrt tanh erf sin cos floor ceil rint abs}), a type name
 * as a conversion ({@code f64(x)}), loads {@code buf[index]}. Literals carry their type unless it is the
 * default: {@code 3} is i32, {@code 3:i64}, {@code 1.5} is f32, {@code 1.5:f64}, {@code true}, {@code -inf},
 * {@code nan(0x7fc00001)}. Names are identifiers ({@code [A-Za-z_][A-Za-z0-9_.]*}) or quoted strings; keywords
 * are quoted. Comments run from {@code #} to the end of the line. Programs print (constant data summarised)
 * but do not parse.
 *
 * <p><b>Analysis and rewriting.</b> {@link kiln.ir.loop.LoopVerifier} checks scoping and typing rules;
 * {@link kiln.ir.loop.Bounds} is interval analysis under {@link kiln.ir.loop.Facts} (loop extents, lets,
 * guards), answering every question at each vector width of {@link kiln.ir.loop.Expr.Lanes#VECTOR_BITS};
 * {@link kiln.ir.loop.Poly} is the canonical affine form of index arithmetic; {@link kiln.ir.loop.Simplify}
 * is the simplifier; {@link kiln.ir.loop.Mutator} the base of rewrites that return the same instance when
 * nothing changes; {@link kiln.ir.loop.Substitute} and {@link kiln.ir.loop.Uses} replace and find variables,
 * buffers, loads and stores; {@link kiln.ir.loop.LoopInterpreter} defines what a kernel computes.
 */
package kiln.ir.loop;
