/**
 * Fusion of lowered kernels, run after lowering and before scheduling.
 *
 * <p>{@link kiln.passes.fusion.Epilogue} moves a pointwise consumer kernel (bias, batch norm, activation,
 * residual add, scale) into the store of the kernel that produced its input, so the work happens on the
 * value in registers instead of in a second pass over memory; {@link kiln.passes.fusion.ProgramFusion}
 * applies it across a program wherever it is legal and cheaper, until nothing fuses.
 */
package kiln.passes.fusion;
