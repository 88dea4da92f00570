package kiln.passes.memory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;

/**
 * Plans the memory of a program's activations at compile time: every {@code TEMP} and {@code OUTPUT}
 * storage gets an offset in one arena per element type, so that a running model allocates nothing per
 * layer.
 *
 * <p>A storage is live from the first call that uses it to the last (outputs to the end of the program).
 * Calls are visited in order; at each, the storage first used there is placed — over an input that dies
 * at that call when the kernel allows it ({@link InPlace}), else in the smallest free block that fits
 * (best fit, lowest offset on ties), else at the end of the arena — and then the storage last used there
 * is freed, merging neighbouring free blocks. Sizes and offsets are rounded to {@code alignment} bytes so
 * that every storage starts on a vector boundary. Everything is visited in program order, so the plan is
 * deterministic.
 *
 * <p>Requires: a program whose kernels read no storage before the call that first writes it (true of
 * lowered programs: inputs and constants are not planned). Establishes: no two storages live at the same
 * call overlap, except a result placed over an input it may overwrite, listed in
 * {@link MemoryPlan#inPlace()}.
 */
public final class MemoryPlanner {
    /** 64 bytes: one AVX-512 vector, one cache line. */
    public static final int DEFAULT_ALIGNMENT = 64;

    private MemoryPlanner() {
    }

    public static MemoryPlan plan(Program program) {
        return plan(program, DEFAULT_ALIGNMENT);
    }

    /** Plans with storage aligned to {@code alignment} bytes (a power of two). */
    public static MemoryPlan plan(Program program, int alignment) {
        if (alignment < 1 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a positive power of two, got " + alignment);
        }
        return new Planner(program, alignment).run();
    }

    static int byteSize(ScalarType t) {
        return switch (t) {
            case BOOL, I8 -> 1;
            case I32, F32 -> 4;
            case I64, F64 -> 8;
        };
    }

    private static boolean planned(Program.Storage s) {
        return s.role() == Program.Role.TEMP || s.role() == Program.Role.OUTPUT;
    }

    /** One arena's free blocks, by offset. */
    private static final class Arena {
        final TreeMap<Long, Long> free = new TreeMap<>();
        long end;

        /** An offset for {@code size} elements: best fit among the free blocks, else at the end. */
        long take(long size) {
            Long best = null;
            for (Map.Entry<Long, Long> b : free.entrySet()) {
                if (b.getValue() >= size && (best == null || b.getValue() < free.get(best))) {
                    best = b.getKey();
                }
            }
            if (best != null) {
                long blockSize = free.remove(best);
                if (blockSize > size) {
                    free.put(best + size, blockSize - size);
                }
                return best;
            }
            Map.Entry<Long, Long> last = free.lastEntry();
            if (last != null && last.getKey() + last.getValue() == end) {
                // Grow the trailing free block instead of leaving it behind.
                free.remove(last.getKey());
                end = last.getKey() + size;
                return last.getKey();
            }
            long at = end;
            end += size;
            return at;
        }

        void release(long offset, long size) {
            if (size == 0) {
                return;
            }
            long start = offset;
            long length = size;
            Map.Entry<Long, Long> before = free.floorEntry(offset);
            if (before != null && before.getKey() + before.getValue() == offset) {
                start = before.getKey();
                length += before.getValue();
                free.remove(before.getKey());
            }
            Long after = free.get(offset + size);
            if (after != null) {
                length += after;
                free.remove(offset + size);
            }
            free.put(start, length);
        }
    }

    private static final class Planner {
        private final Program program;
        private final int alignment;
        private final Map<Program.Storage, Integer> first = new HashMap<>();
        private final Map<Program.Storage, Integer> last = new HashMap<>();
        private final Map<ScalarType, Arena> arenas = new EnumMap<>(ScalarType.class);
        /** Offset and reserved (aligned) size of each placed storage. */
        private final Map<Program.Storage, long[]> blocks = new HashMap<>();
        private final List<MemoryPlan.Reuse> reuses = new ArrayList<>();
        private final Set<Program.Storage> donated = new HashSet<>();
        /** Blocks to free once the current call is over: the call may still read them. */
        private final List<long[]> pending = new ArrayList<>();
        private final List<ScalarType> pendingTypes = new ArrayList<>();

        Planner(Program program, int alignment) {
            this.program = program;
            this.alignment = alignment;
        }

        MemoryPlan run() {
            List<Program.Call> calls = program.calls();
            for (int i = 0; i < calls.size(); i++) {
                for (Program.Storage s : calls.get(i).args()) {
                    first.putIfAbsent(s, i);
                    last.put(s, i);
                }
            }
            int end = calls.size();
            for (Program.Storage s : program.storage()) {
                if (s.role() == Program.Role.OUTPUT) {
                    first.putIfAbsent(s, end);
                    last.put(s, end);
                }
            }
            for (int i = 0; i < calls.size(); i++) {
                Program.Call call = calls.get(i);
                for (Program.Storage s : new LinkedHashSet<>(call.args())) {
                    if (planned(s) && first.get(s) == i) {
                        place(s, i, call);
                    }
                }
                for (Program.Storage s : new LinkedHashSet<>(call.args())) {
                    if (planned(s) && last.get(s) == i && !donated.contains(s)) {
                        long[] b = blocks.get(s);
                        arena(s.type()).release(b[0], b[1]);
                    }
                }
                for (int k = 0; k < pending.size(); k++) {
                    arena(pendingTypes.get(k)).release(pending.get(k)[0], pending.get(k)[1]);
                }
                pending.clear();
                pendingTypes.clear();
            }
            for (Program.Storage s : program.storage()) {
                if (planned(s) && first.get(s) != null && first.get(s) == end) {
                    long[] b = new long[] {arena(s.type()).take(reserved(s)), reserved(s)};
                    blocks.put(s, b);
                }
            }
            Map<Program.Storage, MemoryPlan.Placement> placements = new LinkedHashMap<>();
            for (Program.Storage s : program.storage()) {
                long[] b = blocks.get(s);
                if (b != null) {
                    placements.put(s, new MemoryPlan.Placement(s.type(), b[0], s.size(), first.get(s), last.get(s)));
                }
            }
            Map<ScalarType, Long> sizes = new EnumMap<>(ScalarType.class);
            arenas.forEach((t, a) -> sizes.put(t, a.end));
            return new MemoryPlan(placements, sizes, reuses);
        }

        private void place(Program.Storage s, int i, Program.Call call) {
            long need = reserved(s);
            for (Program.Storage input : new LinkedHashSet<>(call.args())) {
                long[] b = blocks.get(input);
                if (input.equals(s) || b == null || input.role() != Program.Role.TEMP || last.get(input) != i
                        || donated.contains(input) || input.type() != s.type() || b[1] < need
                        || !InPlace.allows(call.kernel(), params(call, s), params(call, input))) {
                    continue;
                }
                donated.add(input);
                reuses.add(new MemoryPlan.Reuse(i, input, s));
                blocks.put(s, new long[] {b[0], need});
                // The input's block beyond what the result needs is free once the call is over.
                pending.add(new long[] {b[0] + need, b[1] - need});
                pendingTypes.add(s.type());
                return;
            }
            blocks.put(s, new long[] {arena(s.type()).take(need), need});
        }

        /** The kernel parameters bound to {@code s} in {@code call}. */
        private static Set<Buffer> params(Program.Call call, Program.Storage s) {
            Set<Buffer> out = new HashSet<>();
            Kernel k = call.kernel();
            for (int p = 0; p < call.args().size(); p++) {
                if (call.args().get(p).equals(s)) {
                    out.add(k.params().get(p));
                }
            }
            return out;
        }

        private Arena arena(ScalarType t) {
            return arenas.computeIfAbsent(t, k -> new Arena());
        }

        /** The size rounded up to the alignment, in elements. */
        private long reserved(Program.Storage s) {
            long unit = Math.max(1, alignment / byteSize(s.type()));
            return (s.size() + unit - 1) / unit * unit;
        }
    }
}
