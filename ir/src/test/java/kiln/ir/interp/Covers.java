package kiln.ir.interp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import kiln.ir.graph.Op;

/** Names the ops a test class exercises; {@link OpCoverageTest} requires every op to be named somewhere. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Covers {
    Class<? extends Op>[] value();
}
