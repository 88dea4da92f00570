/**
 * The CPU backend: Loop IR kernels to Java source using the Vector API, compiled in this process, linked
 * into something the runtime's {@code Executor} runs.
 *
 * <p>The stages, each with one entry point:
 * <ol>
 *   <li>{@link kiln.codegen.cpu.JavaEmitter}: kernels to one Java source file (the only code that knows
 *       JavaPoet). Per kernel, {@code KernelEmitter} writes loops and statements, {@code VectorLoopEmitter}
 *       vectorized loops (with {@code VectorExprs} for their expressions), {@code TilePlan} decides which
 *       local tiles become variables (scalar replacement), {@code VectorFunctionEmitter} writes erf, floor,
 *       ceil and rint into vector code. Kernels that are the same code up to names (the repeated blocks of a
 *       network) share one method ({@code KernelBodies}), so the JIT compiles each body once.</li>
 *   <li>{@link kiln.codegen.cpu.KernelCompiler}: the source to a loaded class, with {@code javax.tools} and a
 *       cache by content hash (in memory and on disk).</li>
 *   <li>{@link kiln.codegen.cpu.CpuBackend}: a whole {@link kiln.ir.loop.Program}, with a
 *       {@link kiln.codegen.cpu.StorageLayout} (from a memory plan), to a
 *       {@link kiln.codegen.cpu.CompiledProgram}: the kernels and the runtime's {@code ExecutionPlan}.</li>
 * </ol>
 *
 * <p>The generated code has one shape for every width: species are {@code static final} fields of the width the
 * class is generated for (the width the program was scheduled for, by default this process's; schedules may
 * have packed weights for it, and the Vector API computes the same at any width on any machine), a vectorized
 * loop over {@code Lanes(f32)} — or over the class's lane count as a constant — is straight-line vector code,
 * register tiles are local {@code FloatVector} variables, and parallel loops call the runtime's pool with a
 * private method per loop. Micro-kernels get three things C2 needs to run them near its FMA peak: a register
 * tile is its own method, called once per tile by the loop around it (C2 inlines the Vector API only within a
 * bytecode budget per method, and with the loop over tiles inside, it spills accumulators), its reduction loop is a counted loop
 * (so C2 removes its bounds checks and safepoint polls), and its indices advance by induction variables
 * ({@code InductionVariables}) rather than multiplications.
 */
package kiln.codegen.cpu;
