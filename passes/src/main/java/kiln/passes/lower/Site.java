package kiln.passes.lower;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.TensorType;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;
import kiln.runtime.Tensor;

/**
 * What a compute definition works with for one node: a global buffer for each input and result (c64 as
 * interleaved f32 pairs), the Graph IR types behind them, and a way to ask for more storage (scratch
 * between the kernels of a multi-pass definition, constant tables). A definition returns kernels; their
 * parameters are the site's buffers each body uses, in the site's order, so the caller can bind them.
 */
final class Site {
    /** A node input or result as a kernel sees it. */
    record Operand(Buffer buffer, TensorType type) {
        int[] dims() {
            return type.shape().dims();
        }

        int rank() {
            return type.rank();
        }

        int dim(int axis) {
            return type.dim(axis);
        }

        /** The type of the buffer's elements: f32 for c64. */
        ScalarType elem() {
            return buffer.type();
        }

        boolean complex() {
            return type.dtype().isComplex();
        }

        long count() {
            return type.shape().elementCount();
        }
    }

    /** Where the storage behind extra buffers comes from. */
    interface Storage {
        /** A temporary of this node only, written and read by its kernels. */
        Buffer scratch(String name, ScalarType type, long size);

        /** Constant data, shared by every site asking with the same key and equal data. */
        Buffer table(String key, ScalarType type, Tensor data);
    }

    private final Node node;
    private final String baseName;
    private final List<Operand> inputs;
    private final List<Operand> outputs;
    private final Storage storage;
    private final List<Buffer> extra = new ArrayList<>();
    private final List<String> kernelSuffixes = new ArrayList<>();

    Site(Node node, String baseName, List<Operand> inputs, List<Operand> outputs, Storage storage) {
        this.node = node;
        this.baseName = baseName;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.storage = storage;
    }

    Op op() {
        return node.op();
    }

    Operand in(int i) {
        return inputs.get(i);
    }

    /** The {@code i}th input, or null when the node has fewer (an absent optional input). */
    Operand optional(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    List<Operand> inputs() {
        return inputs;
    }

    Operand out() {
        return outputs.getFirst();
    }

    List<Operand> outputs() {
        return outputs;
    }

    /** A fresh name supply for one kernel, with the site's buffer names reserved. */
    Names names() {
        List<String> reserved = new ArrayList<>();
        inputs.forEach(o -> reserved.add(o.buffer().name()));
        outputs.forEach(o -> reserved.add(o.buffer().name()));
        extra.forEach(b -> reserved.add(b.name()));
        return new Names(reserved);
    }

    Buffer scratch(String hint, ScalarType type, long size) {
        Buffer b = storage.scratch(hint, type, size);
        extra.add(b);
        return b;
    }

    Buffer table(String key, ScalarType type, Tensor data) {
        Buffer b = storage.table(key, type, data);
        if (!extra.contains(b)) {
            extra.add(b);
        }
        return b;
    }

    /**
     * A kernel named after the node (with {@code suffix} when the node needs several), whose parameters
     * are the site buffers {@code body} uses.
     */
    Kernel kernel(String suffix, Stmt body) {
        if (kernelSuffixes.contains(suffix)) {
            throw new IllegalStateException(baseName + ": two kernels named with suffix '" + suffix + "'");
        }
        kernelSuffixes.add(suffix);
        Set<Buffer> used = new LinkedHashSet<>(Uses.read(body));
        used.addAll(Uses.written(body));
        used.removeIf(b -> b.scope() != Buffer.Scope.GLOBAL);
        List<Buffer> params = new ArrayList<>();
        for (Buffer b : order()) {
            if (used.remove(b)) {
                params.add(b);
            }
        }
        if (!used.isEmpty()) {
            throw new IllegalStateException(baseName + ": kernel uses buffers that are not the site's: " + used);
        }
        return new Kernel(suffix.isEmpty() ? baseName : baseName + "_" + suffix, params, body);
    }

    Kernel kernel(Stmt body) {
        return kernel("", body);
    }

    private List<Buffer> order() {
        List<Buffer> all = new ArrayList<>();
        inputs.forEach(o -> all.add(o.buffer()));
        outputs.forEach(o -> all.add(o.buffer()));
        all.addAll(extra);
        return all;
    }
}
