package kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid files at random (fixed seeds) and requires that reading either succeeds or fails with a
 * {@link TensorFileException}: no other exception may escape. A failure prints the seed, the case number
 * and the mutated bytes, which is all it takes to reproduce it.
 */
class TensorFileFuzzTest {
    private static final long SEED = 0x6B696C6EL;
    private static final int CASES = 20_000;
    /** Characters that matter to the header grammars, so edits often make almost-valid headers. */
    private static final String SYNTAX = "{}[]\",:0123456789-.eE \\u'()TFN\n\0";

    @TempDir
    Path dir;

    private static List<byte[]> npyBases() {
        List<byte[]> bases = new ArrayList<>();
        bases.add(Npy.toBytes(Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6)));
        bases.add(Npy.toBytes(Tensor.of(DType.C64, new int[] {1}, 1, 2)));
        bases.add(Npy.toBytes(Tensor.zeros(DType.BOOL)));
        bases.add(Npy.toBytes(Tensor.zeros(DType.I64, 0, 4)));
        return bases;
    }

    private static List<byte[]> safetensorsBases() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        all.put("a", Tensor.ofFloats(new int[] {2}, 1, 2));
        all.put("b.weight", Tensor.ofInts(new int[] {1, 2}, 3, 4));
        all.put("empty", Tensor.zeros(DType.F64, 0));
        all.put("s", Tensor.of(DType.I8, new int[] {}, 5));
        String half = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]}}";
        return List.of(
                Safetensors.toBytes(new LinkedHashMap<>(all), Map.of("format", "pt")),
                Safetensors.toBytes(new LinkedHashMap<>(), Map.of()),
                RawTensorFiles.safetensors(half, new byte[] {0, 0x3C, 0, 0x7C, (byte) 0x80, 0x3F, 1, 2}));
    }

    @Test
    void mutatedNpyFilesFailOnlyWithTensorFileException() {
        fuzz("npy", npyBases(), bytes -> Npy.fromBytes(bytes));
    }

    @Test
    void mutatedSafetensorsFilesFailOnlyWithTensorFileException() {
        fuzz("safetensors", safetensorsBases(), bytes -> CorruptCorpusTest.loadBytes("x.safetensors", bytes));
    }

    /** Fewer cases, through real files: the mapped path must behave as the in-memory one. */
    @Test
    void mutatedFilesOnDiskFailOnlyWithTensorFileException() {
        Path npy = dir.resolve("f.npy");
        Path st = dir.resolve("f.safetensors");
        fuzzCases("npy-file", npyBases(), 500, bytes -> {
            Files.write(npy, bytes);
            CorruptCorpusTest.load(npy);
        });
        fuzzCases("safetensors-file", safetensorsBases(), 500, bytes -> {
            Files.write(st, bytes);
            CorruptCorpusTest.load(st);
        });
    }

    @FunctionalInterface
    interface Reader {
        void read(byte[] bytes) throws Exception;
    }

    private static void fuzz(String label, List<byte[]> bases, Reader reader) {
        fuzzCases(label, bases, CASES, reader);
    }

    private static void fuzzCases(String label, List<byte[]> bases, int cases, Reader reader) {
        SplittableRandom random = new SplittableRandom(SEED ^ label.hashCode());
        for (int i = 0; i < cases; i++) {
            byte[] mutated = mutate(bases.get(random.nextInt(bases.size())), random);
            try {
                reader.read(mutated);
            } catch (TensorFileException expected) {
                // The one allowed failure.
            } catch (Throwable t) {
                fail(label + " case " + i + " (seed " + Long.toHexString(SEED) + ") threw " + t
                        + " for bytes " + HexFormat.of().formatHex(mutated), t);
            }
        }
    }

    /** One to three edits, biased toward the header where the parsing happens. */
    private static byte[] mutate(byte[] base, SplittableRandom r) {
        byte[] b = base.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int headerEnd = Math.min(b.length, 140);
            int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(headerEnd);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b[at] = (byte) SYNTAX.charAt(r.nextInt(SYNTAX.length()));
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> b = insert(b, at, r);
                case 5 -> b = delete(b, at, r);
                default -> {
                    if (b.length >= 8) {
                        long n = r.nextBoolean() ? r.nextLong() : r.nextInt(b.length + 16);
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
                    }
                }
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, SplittableRandom r) {
        byte[] extra = new byte[1 + r.nextInt(4)];
        r.nextBytes(extra);
        return RawTensorFiles.concat(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] delete(byte[] b, int at, SplittableRandom r) {
        int n = Math.min(b.length - at, 1 + r.nextInt(4));
        return RawTensorFiles.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
    }
}
