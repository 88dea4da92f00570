/**
 * What compiled kernels need at run time, and nothing of the compiler: the vector width
 * ({@link kiln.runtime.exec.VectorWidth}), the thread pool ({@link kiln.runtime.exec.Parallel}), small vector
 * helpers and the float erf kernels call, and the {@link kiln.runtime.exec.Executor} that runs a model's
 * kernels ({@link kiln.runtime.exec.KernelLibrary}, implemented by a generated class) as an
 * {@link kiln.runtime.exec.ExecutionPlan} says, with every buffer allocated once.
 */
package kiln.runtime.exec;
