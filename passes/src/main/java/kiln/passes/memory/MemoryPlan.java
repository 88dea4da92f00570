package kiln.passes.memory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;

/**
 * Where the temporary and output storage of a program lives: one arena per element type, and for each
 * placed storage its arena and offset, in elements. Storage that no call uses and all inputs and constants
 * are not placed. {@code inPlace} lists where a result took over the memory of an input that died at the
 * same call.
 */
public record MemoryPlan(Map<Program.Storage, Placement> placements, Map<ScalarType, Long> arenaSizes,
        List<Reuse> inPlace) {

    /** {@code size} elements at {@code offset} in the arena of {@code arena}; {@code live} calls, first to last. */
    public record Placement(ScalarType arena, long offset, long size, int firstCall, int lastCall) {
        public long end() {
            return offset + size;
        }
    }

    /** At call {@code call}, {@code result} was placed over {@code input}, whose last use that call is. */
    public record Reuse(int call, Program.Storage input, Program.Storage result) {
    }

    public MemoryPlan {
        placements = Collections.unmodifiableMap(new LinkedHashMap<>(placements));
        arenaSizes = Collections.unmodifiableMap(new EnumMap<>(arenaSizes));
        inPlace = List.copyOf(inPlace);
    }

    /** The placement of {@code s}, or null when it is not placed. */
    public Placement placement(Program.Storage s) {
        return placements.get(s);
    }

    /** Elements in the arena of type {@code t} (0 when there is none). */
    public long arenaSize(ScalarType t) {
        return arenaSizes.getOrDefault(t, 0L);
    }

    /** Bytes of all arenas together. */
    public long totalBytes() {
        long bytes = 0;
        for (Map.Entry<ScalarType, Long> e : arenaSizes.entrySet()) {
            bytes += e.getValue() * MemoryPlanner.byteSize(e.getKey());
        }
        return bytes;
    }
}
