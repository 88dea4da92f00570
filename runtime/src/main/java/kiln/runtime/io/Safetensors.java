package kiln.runtime.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.io.TensorFileException.Kind;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the tensors' bytes back to back.
 *
 * <p>{@link #open} memory-maps the file and validates the whole header up front (see
 * {@link TensorFileException.Kind} for every rule). {@link #get} then returns tensors as zero-copy,
 * read-only views over the mapping for F32, F64, I64, I32, I8, BOOL and C64. F16 and BF16 tensors are
 * widened to F32 on each {@code get}, which copies them onto the heap. The other safetensors dtypes
 * (U8, I16, U16, U32, U64, F8_*, F4, F6_*) pass validation but cannot be loaded.
 *
 * <p>Closing unmaps the file: views handed out before become unusable (their accessors throw
 * {@link IllegalStateException}), so keep the reader open as long as its tensors are in use. A reader may
 * be shared between threads.
 */
public final class Safetensors implements AutoCloseable {
    /** The largest header the format allows, in bytes. */
    public static final long MAX_HEADER_BYTES = SafetensorsHeader.MAX_HEADER_BYTES;

    private static final ValueLayout.OfShort F16_BITS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, SafetensorsHeader.Entry> entries;
    private final Map<String, String> metadata;
    private volatile boolean closed;

    private Safetensors(Path file, Arena arena, MemorySegment whole, SafetensorsHeader header) {
        this.file = file;
        this.arena = arena;
        this.data = whole.asSlice(header.dataStart());
        Map<String, SafetensorsHeader.Entry> byName = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            byName.put(e.name(), e);
        }
        this.entries = Collections.unmodifiableMap(byName);
        this.metadata = header.metadata();
    }

    /** Maps and validates a file. The caller must {@link #close} the reader. */
    public static Safetensors open(Path file) throws TensorFileException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Arena arena = Arena.ofShared();
            try {
                MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
                return new Safetensors(file, arena, whole, SafetensorsHeader.read(whole, file));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (TensorFileException e) {
            throw e;
        } catch (IOException e) {
            throw new TensorFileException(Kind.IO_ERROR, file, "cannot read: " + AtomicWrite.describe(e), e);
        }
    }

    /** Validates the bytes of a file held in memory. Tensors are views over {@code bytes}, not copies. */
    public static Safetensors fromBytes(byte[] bytes) throws TensorFileException {
        MemorySegment whole = MemorySegment.ofArray(bytes).asReadOnly();
        return new Safetensors(null, null, whole, SafetensorsHeader.read(whole, null));
    }

    /** Tensor names in the order of their data in the file. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The {@code __metadata__} map in file order; empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The named tensor: a read-only view over the file for dtypes Kiln stores, a new F32 heap tensor for
     * F16 and BF16.
     *
     * @throws TensorFileException {@code SAFETENSORS_TENSOR_NOT_FOUND} for an unknown name,
     *                             {@code SAFETENSORS_UNSUPPORTED_DTYPE} for a dtype Kiln cannot load
     * @throws IllegalStateException after {@link #close}
     */
    public Tensor get(String name) throws TensorFileException {
        if (closed) {
            throw new IllegalStateException("safetensors reader for " + source() + " is closed");
        }
        SafetensorsHeader.Entry e = entries.get(name);
        if (e == null) {
            throw new TensorFileException(Kind.SAFETENSORS_TENSOR_NOT_FOUND, file, "no tensor named " + Json.display(name));
        }
        MemorySegment bytes = data.asSlice(e.begin(), e.end() - e.begin());
        return switch (e.dtype()) {
            case F32 -> Tensor.wrap(DType.F32, e.shape(), bytes);
            case F64 -> Tensor.wrap(DType.F64, e.shape(), bytes);
            case I64 -> Tensor.wrap(DType.I64, e.shape(), bytes);
            case I32 -> Tensor.wrap(DType.I32, e.shape(), bytes);
            case I8 -> Tensor.wrap(DType.I8, e.shape(), bytes);
            case BOOL -> Tensor.wrap(DType.BOOL, e.shape(), bytes);
            case C64 -> Tensor.wrap(DType.C64, e.shape(), bytes);
            case F16 -> widen(e.shape(), bytes, false);
            case BF16 -> widen(e.shape(), bytes, true);
            case F4, F6_E2M3, F6_E3M2, U8, F8_E5M2, F8_E4M3, F8_E8M0, I16, U16, U32, U64 ->
                    throw new TensorFileException(Kind.SAFETENSORS_UNSUPPORTED_DTYPE, file, "tensor " + Json.display(name)
                            + " has dtype " + e.dtype() + ", which Kiln cannot load; loadable: F32, F64, I64, I32, I8,"
                            + " BOOL, C64, and F16, BF16 (widened to F32)");
        };
    }

    /** Both conversions are exact: every F16 and BF16 value, NaN payloads included, is an F32 value. */
    private static Tensor widen(int[] shape, MemorySegment halves, boolean brain) {
        Tensor out = Tensor.zeros(DType.F32, shape);
        MemorySegment dst = out.data();
        for (long i = 0; i < out.size(); i++) {
            short bits = halves.getAtIndex(F16_BITS, i);
            float f = brain ? Float.intBitsToFloat((bits & 0xFFFF) << 16) : Float.float16ToFloat(bits);
            dst.setAtIndex(F32, i, f);
        }
        return out;
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena != null) {
            arena.close();
        }
    }

    private String source() {
        return file == null ? "<in-memory>" : file.toString();
    }

    /**
     * Writes tensors in the map's order, atomically (the target is replaced only once complete). The
     * header is compact JSON as the reference writer makes it, padded with spaces to a multiple of 8 bytes;
     * metadata keys are written sorted so equal inputs give identical files.
     *
     * @throws IllegalArgumentException for a tensor named {@code __metadata__}, a name or metadata string
     *                                  that is not valid Unicode, or a header above {@link #MAX_HEADER_BYTES}
     */
    public static void write(Path file, SequencedMap<String, Tensor> tensors, Map<String, String> metadata)
            throws TensorFileException {
        byte[] prefix = SafetensorsWriter.prefix(tensors, metadata);
        AtomicWrite.write(file, out -> SafetensorsWriter.writeTo(out, prefix, tensors));
    }

    /** The bytes {@link #write} would write; throws IllegalArgumentException above 2 GiB. */
    public static byte[] toBytes(SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {
        return SafetensorsWriter.toBytes(SafetensorsWriter.prefix(tensors, metadata), tensors);
    }
}
