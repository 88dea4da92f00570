package kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.io.TensorFileException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    /** Every Kiln dtype, with empty and rank-0 tensors among them. */
    static SequencedMap<String, Tensor> everyDType() {
        SequencedMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Tensor.ofFloats(new int[] {2, 3}, 1, -2, 3.5f, Float.MIN_VALUE, Float.MAX_VALUE, -0f));
        m.put("f64", Tensor.ofDoubles(new int[] {3}, Math.E, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY));
        m.put("i64", Tensor.ofLongs(new int[] {2, 1}, Long.MIN_VALUE, Long.MAX_VALUE));
        m.put("i32", Tensor.ofInts(new int[] {4}, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        m.put("i8", Tensor.of(DType.I8, new int[] {3}, -128, 127, 5));
        m.put("bool", Tensor.of(DType.BOOL, new int[] {2, 2}, 1, 0, 0, 1));
        m.put("c64", Tensor.of(DType.C64, new int[] {2}, 1, 2, -3, -4));
        m.put("scalar_f64", Tensor.of(DType.F64, new int[] {}, 42));
        m.put("scalar_bool", Tensor.of(DType.BOOL, new int[] {}, 1));
        m.put("empty_i32", Tensor.zeros(DType.I32, 0));
        m.put("empty_c64", Tensor.zeros(DType.C64, 3, 0, 2));
        m.put("last_i8", Tensor.of(DType.I8, new int[] {1}, 9));
        return m;
    }

    @Test
    void roundTripsEveryDTypeThroughAMappedFile() throws Exception {
        SequencedMap<String, Tensor> tensors = everyDType();
        Map<String, String> metadata = Map.of("format", "pt", "note", "ünïcode ✓");
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, tensors, metadata);
        try (Safetensors st = Safetensors.open(file)) {
            assertEquals(List.copyOf(tensors.keySet()), st.names());
            assertEquals(metadata, st.metadata());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor back = st.get(e.getKey());
                assertTrue(e.getValue().contentEquals(back), e.getKey());
                assertTrue(back.isReadOnly(), e.getKey());
                assertTrue(back.data().isMapped(), e.getKey());
            }
        }
        assertArrayEquals(Safetensors.toBytes(tensors, metadata), Files.readAllBytes(file));
    }

    @Test
    void roundTripsEveryDTypeInMemory() throws Exception {
        SequencedMap<String, Tensor> tensors = everyDType();
        try (Safetensors st = Safetensors.fromBytes(Safetensors.toBytes(tensors, Map.of()))) {
            assertEquals(List.copyOf(tensors.keySet()), st.names());
            assertEquals(Map.of(), st.metadata());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                assertTrue(e.getValue().contentEquals(st.get(e.getKey())), e.getKey());
            }
        }
    }

    /** The byte vectors of the reference implementation's own serialization tests. */
    @Test
    void writesWhatTheReferenceWriterWrites() {
        Tensor t = Tensor.ofFloats(new int[] {1, 2, 3}, 0, 1, 2, 3, 4, 5);
        byte[] data = RawTensorFiles.littleEndianFloats(0, 1, 2, 3, 4, 5);
        assertArrayEquals(RawTensorFiles.safetensors(
                "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", data),
                Safetensors.toBytes(single("attn.0", t), Map.of()));
        assertArrayEquals(RawTensorFiles.safetensors(
                "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", data),
                Safetensors.toBytes(single("attn0", t.reshape(1, 1, 2, 3)), Map.of()));
        assertArrayEquals(RawTensorFiles.safetensors("{}      ", new byte[0]),
                Safetensors.toBytes(new LinkedHashMap<>(), Map.of()));
        assertArrayEquals(RawTensorFiles.safetensors("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]),
                Safetensors.toBytes(new LinkedHashMap<>(), Map.of("framework", "pt")));
    }

    @Test
    void headerIsPaddedToAMultipleOfEightForEveryNameLength() throws Exception {
        for (int length = 0; length < 17; length++) {
            byte[] bytes = Safetensors.toBytes(single("x".repeat(length), Tensor.zeros(DType.F64, 1)), Map.of());
            long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "name length " + length);
            byte last = bytes[8 + (int) n - 1];
            assertTrue(last == ' ' || last == '}', "padding is spaces");
            assertEquals(0.0, Safetensors.fromBytes(bytes).get("x".repeat(length)).getDouble(0));
        }
    }

    @Test
    void bigFileIsReadWithoutCopying() throws Exception {
        int n = 4 << 20; // 16 MiB of f32
        Tensor big = Tensor.zeros(DType.F32, 1024, n / 1024);
        for (int i = 0; i < n; i += 4099) {
            big.setDouble(i, i * 0.5);
        }
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("small", Tensor.ofInts(new int[] {3}, 1, 2, 3));
        tensors.put("big", big);
        Path file = dir.resolve("big.safetensors");
        Safetensors.write(file, tensors, Map.of());
        try (Safetensors st = Safetensors.open(file)) {
            Tensor view = st.get("big");
            MemorySegment seg = view.data();
            assertTrue(seg.isNative(), "native, not a heap array");
            assertTrue(seg.isMapped(), "a view over the mapped file");
            assertTrue(seg.heapBase().isEmpty());
            assertEquals(seg.address(), st.get("big").data().address(), "each get is the same view, not a copy");
            assertEquals(12, seg.address() - st.get("small").data().address(), "views sit back to back in the file");
            assertTrue(big.contentEquals(view));
        }
    }

    @Test
    void keepsNaNPayloadsSignedZerosAndSubnormalsBitExact() throws Exception {
        int[] bits = {0x7FC00000, 0x7F800001, 0xFFC12345, 0x80000000, 0x00000000, 0x00000001, 0x807FFFFF,
            0x00800000, 0x7F800000, 0xFF800000};
        Tensor t = Tensor.zeros(DType.F32, bits.length);
        MemorySegment.copy(bits, 0, t.data(), I32, 0, bits.length);
        Tensor d = Tensor.zeros(DType.F64, 3);
        long[] dbits = {0x7FF0000000000001L, 0x8000000000000000L, 0x0000000000000001L};
        MemorySegment.copy(dbits, 0, d.data(), ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, 3);
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f", t);
        tensors.put("d", d);
        Path file = dir.resolve("bits.safetensors");
        Safetensors.write(file, tensors, Map.of());
        try (Safetensors st = Safetensors.open(file)) {
            assertArrayEquals(bits, st.get("f").data().toArray(I32));
            assertTrue(d.contentEquals(st.get("d")));
        }
    }

    @Test
    void widensF16AndBF16ToF32Exactly() throws Exception {
        short[] half = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, (short) 0x8000, 0x7E00, 0x03FF};
        float[] halfExpected = {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, -0f, Float.NaN, 0x3FFp-24f};
        short[] brain = {0x3F80, (short) 0xC040, 0x0001, (short) 0xFF80, 0x7FC1};
        int[] brainExpected = {0x3F800000, 0xC0400000, 0x00010000, 0xFF800000, 0x7FC10000};
        ByteBuffer data = ByteBuffer.allocate(2 * (half.length + brain.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : half) {
            data.putShort(s);
        }
        for (short s : brain) {
            data.putShort(s);
        }
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[16,26]}}";
        Path file = dir.resolve("half.safetensors");
        Files.write(file, RawTensorFiles.safetensors(header, data.array()));
        try (Safetensors st = Safetensors.open(file)) {
            Tensor h = st.get("h");
            assertEquals(DType.F32, h.dtype());
            assertArrayEquals(new int[] {2, 4}, h.shape());
            assertFalse(h.data().isMapped(), "widening copies onto the heap");
            for (int i = 0; i < half.length; i++) {
                assertEquals(Float.floatToIntBits(halfExpected[i]), Float.floatToIntBits(h.getFloat(i)), "F16 #" + i);
            }
            assertArrayEquals(brainExpected, st.get("b").data().toArray(I32));
        }
    }

    @Test
    void unsupportedDTypeFailsOnlyForThatTensor() throws Exception {
        String header = "{\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"ok\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]}}";
        try (Safetensors st = Safetensors.fromBytes(RawTensorFiles.safetensors(header, new byte[] {1, 2, 3, 4}))) {
            assertArrayEquals(new long[] {3, 4}, st.get("ok").toLongArray());
            TensorFileException e = assertThrows(TensorFileException.class, () -> st.get("u"));
            assertEquals(Kind.SAFETENSORS_UNSUPPORTED_DTYPE, e.kind());
            assertTrue(e.detail().contains("\"u\"") && e.detail().contains("U8"), e.detail());
        }
    }

    @Test
    void unknownNameIsReportedWithItsKind() throws Exception {
        try (Safetensors st = Safetensors.fromBytes(Safetensors.toBytes(everyDType(), Map.of()))) {
            assertFalse(st.contains("nope"));
            assertEquals(Kind.SAFETENSORS_TENSOR_NOT_FOUND,
                    assertThrows(TensorFileException.class, () -> st.get("nope")).kind());
        }
    }

    @Test
    void closingUnmapsTheFile() throws Exception {
        Path file = dir.resolve("c.safetensors");
        Safetensors.write(file, single("w", Tensor.ofFloats(new int[] {1}, 2f)), Map.of());
        Safetensors st = Safetensors.open(file);
        Tensor w = st.get("w");
        st.close();
        st.close();
        assertThrows(IllegalStateException.class, () -> w.getDouble(0));
        assertThrows(IllegalStateException.class, () -> st.get("w"));
    }

    /** Files that other writers produce and the reference accepts. */
    @Test
    void acceptsValidVariants() throws Exception {
        byte[] data = {1, 2, 3, 4};
        String reordered = "{\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]},"
                + "\"a\":{\"shape\":[2],\"data_offsets\":[0,2],\"dtype\":\"I8\",\"extra\":{\"x\":[1]}},"
                + "\"__metadata__\":null}";
        try (Safetensors st = Safetensors.fromBytes(RawTensorFiles.safetensors(reordered, data))) {
            assertEquals(List.of("a", "b"), st.names(), "names follow the data, not the header");
            assertEquals(Map.of(), st.metadata());
            assertArrayEquals(new long[] {3, 4}, st.get("b").toLongArray());
        }
        String spaced = "{ \"e1\" : {\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\n\t"
                + "\"e2\":{\"dtype\":\"F4\",\"shape\":[0, 7],\"data_offsets\":[0,0]},\r\n"
                + "\"x\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}\n    ";
        try (Safetensors st = Safetensors.fromBytes(RawTensorFiles.safetensors(spaced, data))) {
            assertEquals(List.of("e1", "e2", "x"), st.names());
            assertEquals(0x04030201, st.get("x").getLong(0));
        }
    }

    @Test
    void roundTripsAwkwardNames() throws Exception {
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : List.of("", "a\"b\\c", "tab\there\nnewline", "ctrl\u0001", "ünï.🙂", "__metadata_")) {
            tensors.put(name, Tensor.ofInts(new int[] {1}, name.length()));
        }
        try (Safetensors st = Safetensors.fromBytes(Safetensors.toBytes(tensors, Map.of("k\"", "v\n")))) {
            assertEquals(List.copyOf(tensors.keySet()), st.names());
            assertEquals(Map.of("k\"", "v\n"), st.metadata());
            for (String name : tensors.keySet()) {
                assertEquals(name.length(), st.get(name).getLong(0));
            }
        }
    }

    @Test
    void writeIsDeterministicAndSortsMetadata() {
        Map<String, String> m1 = new LinkedHashMap<>();
        m1.put("z", "1");
        m1.put("a", "2");
        byte[] bytes = Safetensors.toBytes(everyDType(), m1);
        assertArrayEquals(bytes, Safetensors.toBytes(everyDType(), Map.of("a", "2", "z", "1")));
        String header = new String(bytes, 8, 40, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"a\":\"2\",\"z\":\"1\"}"), header);
    }

    @Test
    void writeRejectsWhatCannotBeRepresented() {
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(single("__metadata__", Tensor.zeros(DType.F32, 1)), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(single("bad\uD800", Tensor.zeros(DType.F32, 1)), Map.of()));
    }

    @Test
    void failedWriteLeavesTheOldFile() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, everyDType(), Map.of());
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, single("__metadata__", Tensor.zeros(DType.F32, 1)), Map.of()));
        Tensor freed;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            freed = Tensor.wrap(DType.F32, new int[] {1}, arena.allocate(4));
        }
        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, single("x", freed), Map.of()));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void missingFileIsAnIoError() {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.open(dir.resolve("x.safetensors")));
        assertEquals(Kind.IO_ERROR, e.kind());
    }

    private static SequencedMap<String, Tensor> single(String name, Tensor t) {
        SequencedMap<String, Tensor> m = new LinkedHashMap<>();
        m.put(name, t);
        return m;
    }
}
