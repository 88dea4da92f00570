/**
 * Graph passes: rewrites of a {@link kiln.passes.graph.Model} (a graph and its weights) that keep what it
 * computes, run before lowering.
 *
 * <p>Passes ({@link kiln.passes.graph.GraphPass}), one per file, stateless: {@link
 * kiln.passes.graph.FoldConstants}, {@link kiln.passes.graph.FoldBatchNorm}, {@link
 * kiln.passes.graph.FoldAffine}, {@link kiln.passes.graph.EliminateCommonSubexpressions} and {@link
 * kiln.passes.graph.EliminateDeadCode}. {@link kiln.passes.graph.GraphPipeline} runs passes in rounds to a
 * fixed point and can dump the graph after each; {@link kiln.passes.graph.GraphPipelines} names the
 * pipelines by optimisation level. A result is verified by construction: {@link kiln.ir.graph.Graph#of}
 * runs the verifier and {@link kiln.passes.graph.Model} binds every weight to a parameter of its type.
 */
package kiln.passes.graph;
