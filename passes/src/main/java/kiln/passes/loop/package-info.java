/**
 * Loop passes: kernel-to-kernel cleanups run after scheduling and before code generation, each a stateless
 * {@link kiln.passes.loop.LoopPass} in its own file; {@link kiln.passes.loop.LoopPipeline#STANDARD} runs them
 * in order (simplify, remove dead loops, expand unrolled loops, contract fma, hoist invariant loads,
 * simplify).
 */
package kiln.passes.loop;
