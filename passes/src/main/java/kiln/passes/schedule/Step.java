package kiln.passes.schedule;

import kiln.ir.loop.Kernel;

/**
 * One schedule primitive with its arguments: a transformation of a kernel that keeps what it computes.
 * Loops are addressed by the name of their variable. Each step checks what it can cheaply check (that the
 * loop exists, that the iterations it reorders are independent) and throws {@link ScheduleException}
 * otherwise. Steps are immutable values; {@link #text()} is the step as a {@link Schedule} writes it.
 */
public sealed interface Step permits Split, Reorder, Fuse, Vectorize, Unroll, Parallel, TileAccumulator, Inline,
        ComputeAt, Pack, ReorderReduction, IndexSplit, ZeroPad,
        WidenTile, ZeroFill, Stage {

    Kernel apply(Kernel k);

    String text();
}
