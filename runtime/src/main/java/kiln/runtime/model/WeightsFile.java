package kiln.runtime.model;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kiln.runtime.Tensor;

/**
 * The weights file of a model jar ({@value CompiledModel#WEIGHTS}): the constant slots' elements,
 * little-endian, each slot starting at a multiple of {@value #ALIGNMENT} bytes (zeros between), at the offsets
 * the manifest gives. Reading streams the file once, in small chunks, straight into the arrays the kernels
 * use: no copy of the whole file, no intermediate tensors.
 */
public final class WeightsFile {
    /** Slots start on 64-byte boundaries: a cache line, an AVX-512 vector. */
    public static final int ALIGNMENT = 64;
    private static final int CHUNK = 1 << 16;

    private WeightsFile() {
    }

    /** {@code offset} rounded up to the alignment. */
    public static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Reads the constants of {@code slots} from {@code in}, which holds {@code bytes} bytes, into new arrays
     * of the slots' element types; returns them as tensors by slot index.
     */
    public static Map<Integer, Tensor> read(InputStream in, List<ModelManifest.SlotSpec> slots, long bytes)
            throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).isConstant()) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong(i -> slots.get(i).weightsOffset()));
        byte[] chunk = new byte[CHUNK];
        MemorySegment chunkSegment = MemorySegment.ofArray(chunk);
        Map<Integer, Tensor> out = new TreeMap<>();
        long position = 0;
        for (int i : order) {
            ModelManifest.SlotSpec s = slots.get(i);
            if (s.weightsOffset() < position || s.weightsOffset() + s.bytes() > bytes) {
                throw new ModelFormatException("the weights of slot " + s.name() + " (bytes " + s.weightsOffset() + " to "
                        + (s.weightsOffset() + s.bytes()) + ") overlap another slot or lie outside the "
                        + bytes + "-byte weights file");
            }
            skip(in, s.weightsOffset() - position, chunk);
            Tensor t = Tensor.zeros(s.elem(), Math.toIntExact(s.size()));
            MemorySegment target = t.data();
            for (long done = 0; done < s.bytes(); ) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(CHUNK, s.bytes() - done));
                if (n <= 0) {
                    throw truncated(bytes);
                }
                MemorySegment.copy(chunkSegment, 0, target, done, n);
                done += n;
            }
            position = s.weightsOffset() + s.bytes();
            out.put(i, t);
        }
        skip(in, bytes - position, chunk);
        if (in.read() != -1) {
            throw new ModelFormatException("the weights file is longer than the " + bytes + " bytes the metadata states");
        }
        return out;
    }

    private static void skip(InputStream in, long n, byte[] chunk) throws IOException {
        for (long left = n; left > 0; ) {
            int got = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, left));
            if (got <= 0) {
                throw truncated(-1);
            }
            left -= got;
        }
    }

    private static ModelFormatException truncated(long bytes) {
        return new ModelFormatException("the weights file is shorter than " + (bytes < 0 ? "the metadata states"
                : "the " + bytes + " bytes the metadata states"));
    }
}
