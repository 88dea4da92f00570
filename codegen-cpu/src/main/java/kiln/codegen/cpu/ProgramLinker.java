package kiln.codegen.cpu;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.graph.TensorType;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;
import kiln.runtime.DType;
import kiln.runtime.exec.ExecutionPlan;

/**
 * A program's kernels (each once, in order of first call) and the {@link ExecutionPlan} that runs them: one
 * slot per storage, placed as a {@link StorageLayout} says, the calls by kernel index, the inputs and outputs.
 */
final class ProgramLinker {
    private ProgramLinker() {
    }

    /** The distinct kernels of {@code p}, in order of first call. */
    static List<Kernel> kernels(Program p) {
        Map<Kernel, Integer> index = new LinkedHashMap<>();
        for (Program.Call c : p.calls()) {
            index.putIfAbsent(c.kernel(), index.size());
        }
        return List.copyOf(index.keySet());
    }

    static ExecutionPlan plan(Program p, StorageLayout layout) {
        Map<Program.Storage, Integer> slotOf = new IdentityHashMap<>();
        List<ExecutionPlan.Slot> slots = new ArrayList<>();
        for (Program.Storage s : p.storage()) {
            long offset = s.role() == Program.Role.CONSTANT ? -1 : layout.arenaOffset(s);
            slotOf.put(s, slots.size());
            slots.add(new ExecutionPlan.Slot(s.name(), dtype(s.type()), s.size(),
                    offset < 0 ? ExecutionPlan.Slot.OWN : offset, s.constant()));
        }
        List<Kernel> kernels = kernels(p);
        List<ExecutionPlan.Invocation> calls = new ArrayList<>();
        for (Program.Call c : p.calls()) {
            int[] args = c.args().stream().mapToInt(s -> slot(slotOf, s)).toArray();
            calls.add(new ExecutionPlan.Invocation(kernels.indexOf(c.kernel()), c.kernel().name(), args));
        }
        return new ExecutionPlan(p.name(), slots, calls, ports(p.inputs(), slotOf), ports(p.outputs(), slotOf));
    }

    private static int slot(Map<Program.Storage, Integer> slotOf, Program.Storage s) {
        Integer i = slotOf.get(s);
        if (i == null) {
            // Storage is compared by identity first; a structurally equal copy is the same storage.
            for (Map.Entry<Program.Storage, Integer> e : slotOf.entrySet()) {
                if (e.getKey().equals(s)) {
                    return e.getValue();
                }
            }
            throw new IllegalArgumentException("storage " + s.name() + " is not declared by the program");
        }
        return i;
    }

    private static List<ExecutionPlan.Port> ports(List<Program.Binding> bindings, Map<Program.Storage, Integer> slotOf) {
        List<ExecutionPlan.Port> ports = new ArrayList<>();
        for (Program.Binding b : bindings) {
            TensorType t = b.type();
            if (!t.shape().isStatic()) {
                throw new IllegalArgumentException("program " + b.name() + " has the non-static type " + t
                        + ": bind the batch size before lowering");
            }
            ports.add(new ExecutionPlan.Port(b.name(), t.dtype(), t.shape().dims(), slot(slotOf, b.storage())));
        }
        return ports;
    }

    static DType dtype(ScalarType t) {
        return switch (t) {
            case BOOL -> DType.BOOL;
            case I8 -> DType.I8;
            case I32 -> DType.I32;
            case I64 -> DType.I64;
            case F32 -> DType.F32;
            case F64 -> DType.F64;
        };
    }
}
