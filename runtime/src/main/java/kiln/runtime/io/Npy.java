package kiln.runtime.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import kiln.runtime.Tensor;
import kiln.runtime.io.TensorFileException.Kind;

/**
 * Reads and writes numpy {@code .npy} files holding one little-endian, C-order array of a Kiln dtype.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 and checks the file completely: magic, version,
 * header dict, dtype, order, shape, and that the data is exactly as long as the shape needs. It reads the
 * whole file onto the heap (inputs are small) and returns a new, writable tensor.
 *
 * <p>Writing produces the bytes numpy itself would write: version 1.0, or 2.0 when the header does not fit
 * a 16-bit length; the data starts on a 64-byte boundary. Files are written atomically.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {
    }

    /** Reads a {@code .npy} file. */
    public static Tensor read(Path file) throws TensorFileException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) {
                throw new TensorFileException(Kind.NPY_FILE_TOO_LARGE, file,
                        "file is " + size + " bytes; .npy files are read onto the heap, which holds at most 2 GiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (TensorFileException e) {
            throw e;
        } catch (IOException e) {
            throw new TensorFileException(Kind.IO_ERROR, file, "cannot read: " + AtomicWrite.describe(e), e);
        }
        return parse(bytes, file);
    }

    /** Reads the bytes of a {@code .npy} file held in memory; the tensor does not share the array. */
    public static Tensor fromBytes(byte[] bytes) throws TensorFileException {
        return parse(bytes, null);
    }

    /** Writes a tensor as a {@code .npy} file, atomically: the target is replaced only once complete. */
    public static void write(Path file, Tensor tensor) throws TensorFileException {
        byte[] header = header(tensor);
        AtomicWrite.write(file, out -> {
            AtomicWrite.writeFully(ByteBuffer.wrap(header), out);
            AtomicWrite.copy(tensor.data(), out);
        });
    }

    /** The bytes of a {@code .npy} file holding the tensor; throws IllegalArgumentException above 2 GiB. */
    public static byte[] toBytes(Tensor tensor) {
        byte[] header = header(tensor);
        long total = header.length + tensor.data().byteSize();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(tensor + " needs " + total + " bytes, too many for a byte array");
        }
        byte[] out = new byte[(int) total];
        System.arraycopy(header, 0, out, 0, header.length);
        MemorySegment.copy(tensor.data(), 0, MemorySegment.ofArray(out), header.length, tensor.data().byteSize());
        return out;
    }

    /** Magic, version, header length, dict, space padding and newline, as numpy's {@code _wrap_header}. */
    private static byte[] header(Tensor tensor) {
        byte[] dict = NpyHeader.format(tensor.dtype(), tensor.shape()).getBytes(StandardCharsets.US_ASCII);
        int version = 1;
        int lengthField = 2;
        int padded = paddedLength(dict.length, MAGIC.length + 2 + lengthField);
        if (padded > 0xFFFF) {
            version = 2;
            lengthField = 4;
            padded = paddedLength(dict.length, MAGIC.length + 2 + lengthField);
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + lengthField + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (lengthField == 2) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        b.put(dict);
        while (b.remaining() > 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /**
     * The header length after padding: dict plus newline, then spaces so the data starts on a 64-byte
     * boundary. Like numpy, an already aligned header still gets a full 64 bytes of padding.
     */
    private static int paddedLength(int dictLength, int prefixLength) {
        int withNewline = dictLength + 1;
        return withNewline + ALIGN - (prefixLength + withNewline) % ALIGN;
    }

    private static Tensor parse(byte[] b, Path file) throws TensorFileException {
        for (int i = 0; i < Math.min(b.length, MAGIC.length); i++) {
            if (b[i] != MAGIC[i]) {
                throw new TensorFileException(Kind.NPY_BAD_MAGIC, file, "not a .npy file: it does not start with \\x93NUMPY");
            }
        }
        if (b.length < MAGIC.length + 2) {
            throw new TensorFileException(Kind.NPY_TRUNCATED_HEADER, file,
                    "file ends after " + b.length + " bytes, inside the magic string and version");
        }
        int major = b[6] & 0xFF;
        int minor = b[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new TensorFileException(Kind.NPY_UNSUPPORTED_VERSION, file,
                    "format version " + major + "." + minor + " is not supported; supported: 1.0, 2.0, 3.0");
        }
        int lengthField = major == 1 ? 2 : 4;
        int dictStart = MAGIC.length + 2 + lengthField;
        if (b.length < dictStart) {
            throw new TensorFileException(Kind.NPY_TRUNCATED_HEADER, file,
                    "file ends after " + b.length + " bytes, inside the header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.wrap(b, MAGIC.length + 2, lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthField == 2 ? lengthBytes.getShort() & 0xFFFFL : lengthBytes.getInt() & 0xFFFFFFFFL;
        if (headerLength > b.length - dictStart) {
            throw new TensorFileException(Kind.NPY_TRUNCATED_HEADER, file, "header declares " + headerLength
                    + " bytes but the file has only " + (b.length - dictStart) + " after the length field");
        }
        int dataStart = dictStart + (int) headerLength;
        NpyHeader header = NpyHeader.parse(decodeHeader(b, dictStart, (int) headerLength, major, file), file);

        long need = Tensor.elementCount(header.shape()) * header.dtype().byteSize();
        long have = b.length - dataStart;
        if (have != need) {
            throw new TensorFileException(have < need ? Kind.NPY_DATA_TRUNCATED : Kind.NPY_TRAILING_DATA, file,
                    NpyHeader.descr(header.dtype()) + " " + Arrays.toString(header.shape()) + " needs " + need
                            + " data bytes, the file has " + have);
        }
        Tensor tensor = Tensor.zeros(header.dtype(), header.shape());
        MemorySegment.copy(MemorySegment.ofArray(b), dataStart, tensor.data(), 0, need);
        return tensor;
    }

    /** Versions 1.0 and 2.0 store the header as Latin-1 (any byte is valid), 3.0 as UTF-8. */
    private static String decodeHeader(byte[] b, int offset, int length, int major, Path file)
            throws TensorFileException {
        if (major < 3) {
            return new String(b, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "version 3.0 header is not valid UTF-8");
        }
    }
}
