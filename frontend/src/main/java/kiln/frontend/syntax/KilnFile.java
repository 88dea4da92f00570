package kiln.frontend.syntax;

import java.util.List;
import kiln.frontend.diag.Source;
import kiln.frontend.diag.Span;

/** One parsed source file: its imports and declarations. */
public record KilnFile(Source source, List<Import> imports, List<Decl> decls) {
    public KilnFile {
        imports = List.copyOf(imports);
        decls = List.copyOf(decls);
    }

    /** {@code import "std/nn.kiln"} or {@code import "blocks.kiln" as b}; {@code alias} may be null. */
    public record Import(String path, Span pathSpan, String alias, Span aliasSpan, Span span) {
    }
}
