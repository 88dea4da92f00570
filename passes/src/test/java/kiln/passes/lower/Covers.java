package kiln.passes.lower;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import kiln.ir.graph.Op;

/** Names the ops whose compute definitions a test class checks; {@link DefinitionCoverageTest} requires all. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Covers {
    Class<? extends Op>[] value();
}
