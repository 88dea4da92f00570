package kiln.runtime.exec;

import java.util.List;
import java.util.Objects;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Everything an {@link Executor} needs besides the kernels: the buffers (slots) with where each lives, the
 * kernel calls in order, and the named model inputs and outputs. It refers to nothing of the compiler, so a
 * compiled jar can hold one.
 *
 * <p>Slots hold elements of one of the array types kernels take: f32, f64, i64, i32, i8 or bool (a byte
 * 0/1); a c64 tensor is an f32 slot of twice its size. A slot lives in the arena of its element type at
 * {@code arenaOffset} (elements), where slots whose lifetimes do not overlap may share memory, or in an array
 * of its own when {@code arenaOffset} is {@link Slot#OWN}; a constant slot (weights) always has its own array,
 * filled once from {@code constant}.
 */
public record ExecutionPlan(String name, List<Slot> slots, List<Invocation> calls, List<Port> inputs,
        List<Port> outputs) {

    public ExecutionPlan {
        Objects.requireNonNull(name);
        slots = List.copyOf(slots);
        calls = List.copyOf(calls);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        for (Invocation c : calls) {
            for (int s : c.slots()) {
                checkSlot(s, slots.size(), "call of " + c.kernelName());
            }
        }
        for (Port p : inputs) {
            checkSlot(p.slot(), slots.size(), "input " + p.name());
        }
        for (Port p : outputs) {
            checkSlot(p.slot(), slots.size(), "output " + p.name());
        }
    }

    private static void checkSlot(int s, int count, String user) {
        if (s < 0 || s >= count) {
            throw new IllegalArgumentException(user + " refers to slot " + s + " of " + count);
        }
    }

    /** A buffer: {@code size} elements of {@code elem}. */
    public record Slot(String name, DType elem, long size, long arenaOffset, Tensor constant) {
        /** The {@code arenaOffset} of a slot with an array of its own. */
        public static final long OWN = -1;

        public Slot {
            Objects.requireNonNull(name);
            if (elem == DType.C64) {
                throw new IllegalArgumentException("slot " + name + ": c64 is stored as f32 pairs");
            }
            if (size < 0 || size > Integer.MAX_VALUE || arenaOffset < OWN) {
                throw new IllegalArgumentException("slot " + name + " of size " + size + " at " + arenaOffset);
            }
            if (constant != null && (arenaOffset != OWN || constant.data().byteSize() != size * elem.byteSize())) {
                throw new IllegalArgumentException("constant slot " + name + " must have its own array of "
                        + size + " elements");
            }
        }

        public boolean inArena() {
            return arenaOffset != OWN;
        }
    }

    /** Kernel {@code kernel} of the library called on {@code slots}, one per kernel parameter. */
    public record Invocation(int kernel, String kernelName, int[] slots) {
        public Invocation {
            slots = slots.clone();
        }

        @Override
        public int[] slots() {
            return slots.clone();
        }
    }

    /** A named model input or output: its tensor type and the slot holding its elements. */
    public record Port(String name, DType dtype, int[] shape, int slot) {
        public Port {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }
}
