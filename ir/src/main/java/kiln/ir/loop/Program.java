package kiln.ir.loop;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kiln.ir.graph.TensorType;

/**
 * A whole model lowered to kernels: the storage it uses, the kernel calls in order, and which storage
 * holds each named model input and output. Running the calls in order computes the outputs from the
 * inputs. Values that share storage (a reshape, a squeeze) share one {@link Storage}.
 */
public record Program(String name, List<Storage> storage, List<Call> calls, List<Binding> inputs,
        List<Binding> outputs) {

    /** What a piece of storage holds over a run. */
    public enum Role {
        /** A model input, written by the caller before the run. */
        INPUT,
        /** A model output, read by the caller after the run. */
        OUTPUT,
        /** Data fixed at compile time (weights, packed weights, tables), never written. */
        CONSTANT,
        /** An intermediate, live from its first write to its last read; the memory planner places it. */
        TEMP
    }

    /**
     * A flat array of {@code size} elements. {@code constant} holds the data of a {@code CONSTANT} storage (its
     * flat elements in the storage's element type; c64 as f32 pairs) and is null otherwise.
     */
    public record Storage(String name, ScalarType type, long size, Role role, kiln.runtime.Tensor constant) {
        public Storage {
            if ((role == Role.CONSTANT) != (constant != null)) {
                throw new IllegalArgumentException("storage " + name + ": constant data iff role CONSTANT");
            }
        }
    }

    /** A kernel applied to storage, one per kernel parameter, in order. */
    public record Call(Kernel kernel, List<Storage> args) {
        public Call {
            args = List.copyOf(args);
            if (args.size() != kernel.params().size()) {
                throw new IllegalArgumentException("call of " + kernel.name() + " with " + args.size() + " arguments for "
                        + kernel.params().size() + " parameters");
            }
            for (int i = 0; i < args.size(); i++) {
                Buffer p = kernel.params().get(i);
                Storage s = args.get(i);
                if (p.type() != s.type() || p.size() > s.size()) {
                    throw new IllegalArgumentException("call of " + kernel.name() + ": parameter " + p.name() + " ("
                            + p.type() + "[" + p.size() + "]) gets storage " + s.name() + " (" + s.type() + "["
                            + s.size() + "])");
                }
            }
        }
    }

    /** A named model input or output, its Graph IR type, and the storage that holds it. */
    public record Binding(String name, TensorType type, Storage storage) {
    }

    public Program {
        storage = List.copyOf(storage);
        calls = List.copyOf(calls);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Set<Storage> known = new HashSet<>(storage);
        for (Call c : calls) {
            for (Storage s : c.args()) {
                if (!known.contains(s)) {
                    throw new IllegalArgumentException("call of " + c.kernel().name() + " uses undeclared storage " + s.name());
                }
            }
        }
    }
}
