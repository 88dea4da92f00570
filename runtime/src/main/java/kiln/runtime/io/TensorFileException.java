package kiln.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tensor file could not be read or written. Carries a {@link Kind} that names the broken rule (tests and
 * tools branch on it, never on the wording), the file when there is one, and a one-line human message.
 *
 * <p>{@link #getMessage()} is {@code <file>: <detail> [<code>]}, ready to print as a single line.
 */
public final class TensorFileException extends IOException {

    /** What went wrong. Codes are stable: a new kind gets a new number, an old number is never reused. */
    public enum Kind {
        /** The file could not be opened, read or written at all. */
        IO_ERROR("TF001"),

        /** The first six bytes are not {@code \x93NUMPY}. */
        NPY_BAD_MAGIC("TF101"),
        /** A format version other than 1.0, 2.0 or 3.0. */
        NPY_UNSUPPORTED_VERSION("TF102"),
        /** The file ends inside the magic, the header length or the header. */
        NPY_TRUNCATED_HEADER("TF103"),
        /** The header is not a Python dict literal with exactly descr, fortran_order and shape. */
        NPY_MALFORMED_HEADER("TF104"),
        /** A descr other than the little-endian types Kiln knows. */
        NPY_UNSUPPORTED_DTYPE("TF105"),
        /** {@code fortran_order: True}; Kiln stores C order only. */
        NPY_FORTRAN_ORDER("TF106"),
        /** The shape is not a tuple of non-negative ints, or its size overflows. */
        NPY_BAD_SHAPE("TF107"),
        /** Fewer data bytes than the shape needs. */
        NPY_DATA_TRUNCATED("TF108"),
        /** More data bytes than the shape needs. */
        NPY_TRAILING_DATA("TF109"),
        /** The file is too large to read onto the heap. */
        NPY_FILE_TOO_LARGE("TF110"),

        /** Fewer than the 8 bytes that hold the header length. */
        SAFETENSORS_FILE_TOO_SMALL("TF201"),
        /** The declared header length is above the 100,000,000-byte cap. */
        SAFETENSORS_HEADER_TOO_LARGE("TF202"),
        /** The declared header runs past the end of the file. */
        SAFETENSORS_HEADER_PAST_END("TF203"),
        /** The header bytes are not valid UTF-8. */
        SAFETENSORS_HEADER_NOT_UTF8("TF204"),
        /** The header does not start with an opening brace. */
        SAFETENSORS_HEADER_BAD_START("TF205"),
        /** The header is not valid JSON (RFC 8259). */
        SAFETENSORS_HEADER_NOT_JSON("TF206"),
        /** Two tensors share a name (a duplicate key in the header object). */
        SAFETENSORS_DUPLICATE_NAME("TF207"),
        /** A tensor entry is not an object, or its dtype, shape or data_offsets is missing or malformed. */
        SAFETENSORS_MALFORMED_ENTRY("TF208"),
        /** A dtype string that is not a safetensors dtype. */
        SAFETENSORS_UNKNOWN_DTYPE("TF209"),
        /** A known safetensors dtype that Kiln cannot load (U8, I16, F8_E4M3, ...). */
        SAFETENSORS_UNSUPPORTED_DTYPE("TF210"),
        /** A tensor whose begin offset is after its end offset. */
        SAFETENSORS_OFFSET_REVERSED("TF211"),
        /** In offset order, a tensor starts after the previous one ended (or the first after 0). */
        SAFETENSORS_OFFSET_GAP("TF212"),
        /** In offset order, a tensor starts before the previous one ended. */
        SAFETENSORS_OFFSET_OVERLAP("TF213"),
        /** A dimension, the element count or the byte count overflows 64-bit (or Kiln's int dimensions). */
        SAFETENSORS_SIZE_OVERFLOW("TF214"),
        /** A sub-byte dtype whose elements do not fill a whole number of bytes. */
        SAFETENSORS_PARTIAL_BYTE("TF215"),
        /** The offsets span a different number of bytes than the shape and dtype need. */
        SAFETENSORS_SIZE_MISMATCH("TF216"),
        /** The last tensor ends past the end of the file. */
        SAFETENSORS_OFFSET_PAST_END("TF217"),
        /** Bytes after the last tensor: the data region is not fully covered. */
        SAFETENSORS_TRAILING_BYTES("TF218"),
        /** {@code __metadata__} is not an object mapping strings to strings. */
        SAFETENSORS_BAD_METADATA("TF219"),
        /** A tensor was asked for by a name the file does not hold. */
        SAFETENSORS_TENSOR_NOT_FOUND("TF220");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The stable diagnostic code, e.g. {@code TF212}. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final Path file;
    private final String detail;

    /**
     * @param file   the file concerned, or null for in-memory data
     * @param detail one line saying what is wrong, without the file name
     */
    public TensorFileException(Kind kind, Path file, String detail) {
        this(kind, file, detail, null);
    }

    public TensorFileException(Kind kind, Path file, String detail, Throwable cause) {
        super(format(kind, file, detail), cause);
        this.kind = kind;
        this.file = file;
        this.detail = detail;
    }

    private static String format(Kind kind, Path file, String detail) {
        return (file == null ? "<in-memory>" : file.toString()) + ": " + detail + " [" + kind.code() + "]";
    }

    public Kind kind() {
        return kind;
    }

    /** The file concerned; empty for in-memory data. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The one-line description without the file name and code. */
    public String detail() {
        return detail;
    }
}
