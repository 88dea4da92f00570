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
 * <p>{@link kiln.passes.schedule.DefaultScheduler} picks a schedule for any kernel by analysis (register tile
 * for accumulations, vector axis, parallel axis); the tuner may search the same space.
 */
package kiln.passes.schedule;
