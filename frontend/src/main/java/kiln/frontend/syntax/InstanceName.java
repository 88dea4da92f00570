package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Span;

/**
 * The name a block instance gets with {@code as}: dotted parts, each with optional integer indices, e.g.
 * {@code stages[s].blocks[i]}, which is {@code stages.2.blocks.0} when s = 2 and i = 0, or {@code [i]}
 * alone, which is {@code 0} (the numbered children of PyTorch's nn.Sequential). It prefixes the names of
 * the parameters the instance declares.
 */
public record InstanceName(List<Part> parts, Span span) {
    public InstanceName {
        parts = List.copyOf(parts);
    }

    /** One dotted part; {@code name} is null for a part that is only indices ({@code [i]}). */
    public record Part(String name, List<Expr> indices, Span span) {
        public Part {
            indices = List.copyOf(indices);
        }
    }
}
