package kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import kiln.runtime.io.TensorFileException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    /** The f32 fixture as bit patterns: 1.5, -0, NaN, +inf, -inf, smallest subnormal, largest subnormal, max. */
    private static final int[] F32_FIXTURE_BITS = {
        0x3FC00000, 0x80000000, 0x7FC00000, 0x7F800000, 0xFF800000, 0x00000001, 0x007FFFFF, 0x7F7FFFFF};

    @ParameterizedTest
    @ValueSource(strings = {"f32_2x4.npy", "f32_2x4_v2.npy", "f32_2x4_v3.npy"})
    void readsNumpyF32BitExactInEveryVersion(String name) throws Exception {
        Tensor t = Npy.read(fixture(name));
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {2, 4}, t.shape());
        assertArrayEquals(F32_FIXTURE_BITS, t.data().toArray(I32));
    }

    static Stream<Arguments> numpyFixtures() {
        return Stream.of(
                Arguments.of("f64_3.npy", DType.F64, new int[] {3},
                        new double[] {Math.PI, -0.0, Double.MIN_VALUE}),
                Arguments.of("i64_2.npy", DType.I64, new int[] {2}, null),
                Arguments.of("i32_2x2.npy", DType.I32, new int[] {2, 2},
                        new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1}),
                Arguments.of("i8_4.npy", DType.I8, new int[] {4}, new double[] {-128, 127, 0, -1}),
                Arguments.of("bool_3.npy", DType.BOOL, new int[] {3}, new double[] {1, 0, 1}),
                Arguments.of("c64_2.npy", DType.C64, new int[] {2}, new double[] {1, -0.5}),
                Arguments.of("f32_scalar.npy", DType.F32, new int[] {}, new double[] {2.5}),
                Arguments.of("f32_empty_0x3.npy", DType.F32, new int[] {0, 3}, new double[] {}),
                Arguments.of("i32_1x1x1x1x1.npy", DType.I32, new int[] {1, 1, 1, 1, 1}, new double[] {7}));
    }

    @ParameterizedTest
    @MethodSource("numpyFixtures")
    void readsNumpyFixture(String name, DType dtype, int[] shape, double[] values) throws Exception {
        Tensor t = Npy.read(fixture(name));
        assertEquals(dtype, t.dtype());
        assertArrayEquals(shape, t.shape());
        if (values != null) {
            double[] got = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                got[i] = t.getDouble(i);
                assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(got[i]), name + "[" + i + "]");
            }
        }
        if (dtype == DType.I64) {
            assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, t.toLongArray());
        }
        if (dtype == DType.C64) {
            assertEquals(2.0, t.getImag(0));
            assertEquals(-0.25, t.getImag(1));
        }
    }

    /** Kiln's writer reproduces numpy's own version 1.0 files byte for byte, growth padding included. */
    @ParameterizedTest
    @ValueSource(strings = {"f32_2x4.npy", "f64_3.npy", "i64_2.npy", "i32_2x2.npy", "i8_4.npy", "bool_3.npy",
        "c64_2.npy", "f32_scalar.npy", "f32_empty_0x3.npy", "i32_1x1x1x1x1.npy"})
    void writerMatchesNumpyBytes(String name) throws Exception {
        byte[] numpy = Files.readAllBytes(fixture(name));
        assertArrayEquals(numpy, Npy.toBytes(Npy.fromBytes(numpy)));
        Path copy = dir.resolve(name);
        Npy.write(copy, Npy.read(fixture(name)));
        assertArrayEquals(numpy, Files.readAllBytes(copy));
    }

    static Stream<Tensor> everyDType() {
        return Stream.of(
                Tensor.ofFloats(new int[] {2, 3}, 1, -2, 3.5f, Float.MIN_VALUE, Float.MAX_VALUE, -0f),
                Tensor.ofDoubles(new int[] {3}, Math.E, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY),
                Tensor.ofLongs(new int[] {2, 1}, Long.MIN_VALUE, Long.MAX_VALUE),
                Tensor.ofInts(new int[] {4}, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Tensor.of(DType.I8, new int[] {3}, -128, 127, 5),
                Tensor.of(DType.BOOL, new int[] {2, 2}, 1, 0, 0, 1),
                Tensor.of(DType.C64, new int[] {2}, 1, 2, -3, -4),
                Tensor.of(DType.F64, new int[] {}, 42),
                Tensor.zeros(DType.I32, 0),
                Tensor.zeros(DType.C64, 3, 0, 2),
                Tensor.zeros(DType.BOOL));
    }

    @ParameterizedTest
    @MethodSource("everyDType")
    void roundTripsInMemoryAndOnDisk(Tensor tensor) throws Exception {
        byte[] bytes = Npy.toBytes(tensor);
        assertTrue(tensor.contentEquals(Npy.fromBytes(bytes)), "in memory");
        Path file = dir.resolve("t.npy");
        Npy.write(file, tensor);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        Tensor back = Npy.read(file);
        assertTrue(tensor.contentEquals(back), "on disk");
        assertFalse(back.isReadOnly());
        assertEquals(0, (bytes.length - tensor.data().byteSize()) % 64, "data starts on a 64-byte boundary");
    }

    @Test
    void preservesNaNPayloadsAndSignedZerosBitExactly() throws Exception {
        int[] bits = {0x7FC00000, 0x7F800001, 0xFFC12345, 0x80000000, 0x00000000, 0x00000001, 0x807FFFFF};
        Tensor t = Tensor.zeros(DType.F32, bits.length);
        MemorySegment.copy(bits, 0, t.data(), I32, 0, bits.length);
        assertArrayEquals(bits, Npy.fromBytes(Npy.toBytes(t)).data().toArray(I32));
    }

    @Test
    void writesVersion2WhenTheHeaderOutgrowsSixteenBits() throws Exception {
        int[] shape = new int[30_000];
        java.util.Arrays.fill(shape, 1);
        Tensor t = Tensor.of(DType.F32, shape, 3.25);
        byte[] bytes = Npy.toBytes(t);
        assertEquals(2, bytes[6], "major version");
        assertEquals(0, (bytes.length - 4) % 64);
        Tensor back = Npy.fromBytes(bytes);
        assertArrayEquals(shape, back.shape());
        assertEquals(3.25, back.getDouble(0));
    }

    @Test
    void readTensorDoesNotShareTheInputArray() throws Exception {
        byte[] bytes = Npy.toBytes(Tensor.ofInts(new int[] {1}, 5));
        Tensor t = Npy.fromBytes(bytes);
        bytes[bytes.length - 4] = 9;
        assertEquals(5, t.getLong(0));
    }

    /** Header spellings other writers use are accepted; numpy reads them all the same way. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
        "{\"shape\": (2,), \"descr\": \"<i4\", \"fortran_order\": False}",
        "{'descr':'<i4','fortran_order':False,'shape':(2,)}",
        "  {'descr': '<i4',\n 'fortran_order': False, 'shape': ( 2 , ) }\n\n",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (+2,), }",
    })
    void acceptsHeaderVariants(String dict) throws Exception {
        Tensor t = Npy.fromBytes(RawTensorFiles.npy(1, 0, RawTensorFiles.padNpy(dict), new byte[] {1, 0, 0, 0, 2, 0, 0, 0}));
        assertArrayEquals(new long[] {1, 2}, t.toLongArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"|i1", "<i1", ">i1", "=i1"})
    void oneByteTypesIgnoreByteOrder(String descr) throws Exception {
        byte[] bytes = RawTensorFiles.npy(1, 0, RawTensorFiles.npyHeader(descr, "False", "(1,)"), new byte[] {-7});
        assertEquals(-7, Npy.fromBytes(bytes).getLong(0));
    }

    @Test
    void emptyFortranArrayIsStillRejected() {
        byte[] bytes = RawTensorFiles.npy(1, 0, RawTensorFiles.npyHeader("<f4", "True", "(0, 2)"), new byte[0]);
        assertEquals(Kind.NPY_FORTRAN_ORDER, assertThrows(TensorFileException.class, () -> Npy.fromBytes(bytes)).kind());
    }

    @Test
    void errorMessageNamesTheFileAndTheCode() throws Exception {
        Path file = dir.resolve("weights.npy");
        Files.write(file, RawTensorFiles.npy(1, 0, RawTensorFiles.npyHeader(">f4", "False", "(1,)"), new byte[4]));
        TensorFileException e = assertThrows(TensorFileException.class, () -> Npy.read(file));
        assertEquals(Kind.NPY_UNSUPPORTED_DTYPE, e.kind());
        assertEquals(file, e.file().orElseThrow());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("\">f4\" (big-endian)"), e.getMessage());
        assertTrue(e.getMessage().contains("<f4, <f8, <i8, <i4, |i1, |b1, <c8"), e.getMessage());
        assertTrue(e.getMessage().endsWith("[TF105]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesFilesTooLargeForTheHeap() throws Exception {
        Path file = dir.resolve("huge.npy");
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(3L << 30); // sparse: no disk is used
        }
        assertEquals(Kind.NPY_FILE_TOO_LARGE, assertThrows(TensorFileException.class, () -> Npy.read(file)).kind());
    }

    @Test
    void missingFileIsAnIoError() {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Npy.read(dir.resolve("absent.npy")));
        assertEquals(Kind.IO_ERROR, e.kind());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void writeReplacesAnExistingFile() throws Exception {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.ofInts(new int[] {1}, 1));
        Npy.write(file, Tensor.ofInts(new int[] {2}, 8, 9));
        assertArrayEquals(new long[] {8, 9}, Npy.read(file).toLongArray());
        assertEquals(List.of(file), listing());
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.ofInts(new int[] {1}, 1));
        byte[] before = Files.readAllBytes(file);
        Tensor freed;
        try (Arena arena = Arena.ofConfined()) {
            freed = Tensor.wrap(DType.F32, new int[] {4}, arena.allocate(16));
        }
        assertThrows(IllegalStateException.class, () -> Npy.write(file, freed));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void writeIntoAMissingFolderIsAnIoError() {
        TensorFileException e = assertThrows(TensorFileException.class,
                () -> Npy.write(dir.resolve("no/such/folder/a.npy"), Tensor.zeros(DType.F32, 1)));
        assertEquals(Kind.IO_ERROR, e.kind());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void readsWholeFileFromSegmentOfAnyKind() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(8);
            off.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, -5L);
            Tensor native1 = Tensor.wrap(DType.I64, new int[] {1}, off);
            assertEquals(-5, Npy.fromBytes(Npy.toBytes(native1)).getLong(0));
            Path file = dir.resolve("n.npy");
            Npy.write(file, native1);
            assertEquals(-5, Npy.read(file).getLong(0));
        }
    }
}
