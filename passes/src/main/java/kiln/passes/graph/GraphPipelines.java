package kiln.passes.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named graph pipelines, by optimisation level:
 * <ul>
 *   <li>{@code O0}: nothing; the graph is lowered as written.</li>
 *   <li>{@code O1} (the default): common subexpressions, constant folding, batch norm and per-channel affine
 *       folding into neighbouring layers, dead code — each exact up to the one rounding of folded weights.</li>
 * </ul>
 * Run {@link #optimize} on the bound model before lowering it; what lowering makes of the result is then
 * fused with {@code kiln.passes.fusion.ProgramFusion} before scheduling.
 */
public final class GraphPipelines {
    /** The level to compile at when none is asked for. */
    public static final String DEFAULT = "O1";

    private static final Map<String, GraphPipeline> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("O0", new GraphPipeline("O0", List.of()));
        NAMED.put("O1", new GraphPipeline("O1", List.of(EliminateCommonSubexpressions.INSTANCE,
                FoldConstants.INSTANCE, FoldBatchNorm.INSTANCE, FoldAffine.INSTANCE, EliminateDeadCode.INSTANCE)));
    }

    private GraphPipelines() {
    }

    /** The level names, lowest first. */
    public static Set<String> names() {
        return NAMED.keySet();
    }

    /** The pipeline of a level; an {@link IllegalArgumentException} names the levels there are. */
    public static GraphPipeline named(String level) {
        GraphPipeline p = NAMED.get(level);
        if (p == null) {
            throw new IllegalArgumentException("unknown optimisation level '" + level + "'; the levels are "
                    + String.join(", ", NAMED.keySet()));
        }
        return p;
    }

    /** The model optimised at {@code level}. */
    public static Model optimize(Model m, String level) {
        return named(level).run(m);
    }

    /** The model optimised at the {@linkplain #DEFAULT default} level. */
    public static Model optimize(Model m) {
        return optimize(m, DEFAULT);
    }
}
