package kiln.runtime.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.TreeMap;
import kiln.runtime.Tensor;

/**
 * Lays out a safetensors file: {@code __metadata__} first (when there is any), then each tensor's entry
 * with its fields in the reference writer's order (dtype, shape, data_offsets), then the data.
 */
final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** The 8-byte length and the space-padded header; validates the arguments. */
    static byte[] prefix(SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        Map<String, Json.Value> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Json.Value> meta = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                meta.put(m.getKey(), new Json.Str(Objects.requireNonNull(m.getValue(), "metadata value")));
            }
            root.put("__metadata__", new Json.Obj(meta));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            String name = Objects.requireNonNull(t.getKey(), "tensor name");
            Tensor tensor = Objects.requireNonNull(t.getValue(), "tensor");
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor may not be named __metadata__");
            }
            long end = Math.addExact(offset, tensor.data().byteSize());
            Map<String, Json.Value> entry = new LinkedHashMap<>();
            entry.put("dtype", new Json.Str(SafetensorsDType.of(tensor.dtype()).name()));
            entry.put("shape", integers(tensor.shape()));
            entry.put("data_offsets", new Json.Arr(List.of(new Json.Num(Long.toString(offset)), new Json.Num(Long.toString(end)))));
            root.put(name, new Json.Obj(entry));
            offset = end;
        }
        byte[] json = Json.write(new Json.Obj(root)).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        if (padded > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header would be " + padded + " bytes, above the cap of "
                    + SafetensorsHeader.MAX_HEADER_BYTES);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    private static Json.Arr integers(int[] values) {
        List<Json.Value> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(new Json.Num(Integer.toString(v)));
        }
        return new Json.Arr(out);
    }

    static void writeTo(WritableByteChannel out, byte[] prefix, SequencedMap<String, Tensor> tensors) throws IOException {
        AtomicWrite.writeFully(ByteBuffer.wrap(prefix), out);
        for (Tensor t : tensors.values()) {
            AtomicWrite.copy(t.data(), out);
        }
    }

    static byte[] toBytes(byte[] prefix, SequencedMap<String, Tensor> tensors) {
        long total = prefix.length;
        for (Tensor t : tensors.values()) {
            total += t.data().byteSize();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the file would be " + total + " bytes, too many for a byte array");
        }
        byte[] out = new byte[(int) total];
        MemorySegment dst = MemorySegment.ofArray(out);
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        long at = prefix.length;
        for (Tensor t : tensors.values()) {
            MemorySegment.copy(t.data(), 0, dst, at, t.data().byteSize());
            at += t.data().byteSize();
        }
        return out;
    }
}
