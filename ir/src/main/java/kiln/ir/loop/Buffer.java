package kiln.ir.loop;

/**
 * A flat array of elements a kernel reads or writes. {@code GLOBAL} buffers are the kernel's parameters
 * (activations in the arena, weights, inputs, outputs); {@code LOCAL} buffers are private scratch tiles
 * declared by {@link Stmt.Allocate} — code generators keep them in registers when every access has a
 * constant position (scalar replacement).
 */
public record Buffer(String name, ScalarType type, long size, Scope scope) {
    public enum Scope { GLOBAL, LOCAL }

    public Buffer {
        if (size < 0) {
            throw new IllegalArgumentException("buffer " + name + " has negative size " + size);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
