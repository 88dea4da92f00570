/**
 * Schedules: transformations of Loop IR that change how a kernel runs, not what it computes.
 *
 * <p>Primitives ({@link kiln.passes.schedule.Step}), each a record with its arguments, addressing loops by
 * the name of their variable: {@link kiln.passes.schedule.Split}, {@link kiln.passes.schedule.Reorder},
 * {@link kiln.passes.schedule.Fuse}, {@link kiln.passes.schedule.Vectorize}, {@link kiln.passes.schedule.Unroll},
 * {@link kiln.passes.schedule.Parallel}, {@link kiln.passes.schedule.TileAccumulator} (register blocking),
 * {@link kiln.passes.schedule.Inline} and {@link kiln.passes.schedule.ComputeAt} (fusing an elementwise
 * producer into its consumer) and {@link kiln.passes.schedule.Pack} (reading a buffer, typically constant
 * weights, in another layout that a packing kernel makes). Legality checks use the dependence test of
 * {@code Dependence}, built on {@link kiln.ir.loop.Bounds}. A {@link kiln.passes.schedule.Schedule} lists
 * steps and has a text form, one step per line, for storing and replaying schedules.
 *
 * {@link kiln.passes.schedule.ReorderReduction} reorders the loops of a sum (a reassociation: rounding changes)
 * and {@link kiln.passes.schedule.IndexSplit} runs a loop's iterations as consecutive copies, so that guards
 * vanish from an interior. {@link kiln.passes.schedule.ZeroPad} reads an input through a zero-padded local copy
 * made per iteration of a loop, so that padding guards vanish everywhere (exact for finite weights),
 * {@link kiln.passes.schedule.ZeroFill} turns guards that vary across lanes into reads of zero (the same
 * condition on finite weights), and {@link kiln.passes.schedule.WidenTile} lets the partial last tiles of a
 * register tile compute whole vectors. {@link kiln.passes.schedule.Stage} reads an operand through a dense
 * local copy of the window an iteration reads (a run-time packing of a convolution's input panel).
 *
 * <p>{@link kiln.passes.schedule.DefaultScheduler} picks a schedule for any kernel by analysis, for a
 * {@link kiln.passes.schedule.Target} (vector width, registers, caches, ceilings): the GEMM-style strategy
 * {@code OuterProductTiling} for products and convolutions (register-blocked outer-product micro-kernels,
 * packed weights as vectors or as broadcasts, staged input panels, guard-free interiors),
 * {@code DepthwiseTiling} for depthwise convolutions and other filters without an operand shared across
 * outputs (rows × vectors of the output plane in registers, broadcast weights, zero-padded plane copies),
 * else a register tile for accumulations, vector axis, parallel axis; the tuner may search the same space.
 * {@link kiln.passes.schedule.ProgramScheduler} schedules a whole program
 * and packs its constant weights at compile time.
 */
package kiln.passes.schedule;
