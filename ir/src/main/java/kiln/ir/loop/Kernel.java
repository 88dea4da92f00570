package kiln.ir.loop;

import java.util.List;

/**
 * One generated kernel: a loop nest over its {@code GLOBAL} buffer parameters. Indices are relative to
 * the start of each parameter; where the data lives is decided by whoever calls the kernel.
 */
public record Kernel(String name, List<Buffer> params, Stmt body) {
    public Kernel {
        params = List.copyOf(params);
        for (Buffer b : params) {
            if (b.scope() != Buffer.Scope.GLOBAL) {
                throw new IllegalArgumentException("kernel parameter " + b.name() + " is not global");
            }
        }
    }
}
