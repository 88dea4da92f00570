package kiln.runtime.model;

import java.util.List;
import java.util.Objects;

/**
 * What one kernel of a compiled model computes: its name and the Graph IR operations it came from (several
 * once kernels fuse operations; none for a copy the compiler added).
 */
public record KernelInfo(String name, List<Origin> origins) {
    public KernelInfo {
        Objects.requireNonNull(name);
        origins = List.copyOf(origins);
    }

    /**
     * One Graph IR operation: its op name ({@code conv}), the value it defines ({@code stages.0.conv1}), and
     * the types of its inputs and results in Kiln's notation ({@code f32[1, 64, 56, 56]}).
     */
    public record Origin(String op, String value, List<String> inputs, List<String> outputs) {
        public Origin {
            Objects.requireNonNull(op);
            Objects.requireNonNull(value);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }
}
