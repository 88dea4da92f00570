package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Span;

/**
 * A tensor type as written: {@code f32[N, c, 56, 56]} or {@code [c]}. {@code dtype} is null when left out
 * (it then means f32); the dimensions are expressions, {@code N} being the symbolic batch size.
 */
public record TypeExpr(String dtype, Span dtypeSpan, List<Expr> dims, Span span) {
    public TypeExpr {
        dims = List.copyOf(dims);
    }
}
