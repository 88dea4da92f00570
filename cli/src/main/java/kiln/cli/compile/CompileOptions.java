package kiln.cli.compile;

import kiln.passes.graph.GraphPipelines;

/**
 * How to compile.
 *
 * @param batch   the size the symbolic batch dimension N is bound to (models with fixed shapes ignore it)
 * @param threads the compiled model's default number of threads, 0 for one per core
 * @param level   the graph optimisation level ({@link GraphPipelines}: {@code O0} lowers the graph as written,
 *                {@code O1} folds and simplifies it first)
 * @param verify  check the Loop IR after every stage (lowering, fusion, each schedule step, each loop pass);
 *                tests turn it on, it costs compile time
 */
public record CompileOptions(int batch, int threads, String level, boolean verify) {
    public CompileOptions {
        if (batch < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + batch);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("the number of threads must not be negative, not " + threads);
        }
        GraphPipelines.named(level);
    }

    /** Batch 1, threads one per core, the default optimisation level, no extra verification. */
    public static CompileOptions defaults() {
        return new CompileOptions(1, 0, GraphPipelines.DEFAULT, false);
    }

    public CompileOptions withBatch(int n) {
        return new CompileOptions(n, threads, level, verify);
    }

    public CompileOptions withThreads(int n) {
        return new CompileOptions(batch, n, level, verify);
    }

    public CompileOptions withLevel(String l) {
        return new CompileOptions(batch, threads, l, verify);
    }

    public CompileOptions withVerify(boolean v) {
        return new CompileOptions(batch, threads, level, v);
    }
}
