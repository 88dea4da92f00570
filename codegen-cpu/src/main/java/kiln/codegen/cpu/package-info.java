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
 *       ceil and rint into vector code.</li>
 *   <li>{@link kiln.codegen.cpu.KernelCompiler}: the source to a loaded class, with {@code javax.tools} and a
 *       cache by content hash (in memory and on disk).</li>
 *   <li>{@link kiln.codegen.cpu.CpuBackend}: a whole {@link kiln.ir.loop.Program}, with a
 *       {@link kiln.codegen.cpu.StorageLayout} (from a memory plan), to a
 *       {@link kiln.codegen.cpu.CompiledProgram}: the kernels and the runtime's {@code ExecutionPlan}.</li>
 * </ol>
 *
 * <p>The generated code has one shape for every width: species are {@code static final} fields copied from
 * {@code VectorWidth} (so the JIT compiles the vector code for the one width the process runs at), a
 * vectorized loop over {@code Lanes(f32)} is straight-line vector code, register tiles are local
 * {@code FloatVector} variables, and parallel loops call the runtime's pool with a private method per loop.
 */
package kiln.codegen.cpu;
