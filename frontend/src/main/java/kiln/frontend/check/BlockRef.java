package kiln.frontend.check;

import kiln.frontend.syntax.Decl;

/** A block together with the module it is declared in (whose imports its body sees). */
public record BlockRef(Module module, Decl.Block block) {
}
