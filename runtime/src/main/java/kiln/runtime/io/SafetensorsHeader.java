package kiln.runtime.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.runtime.io.TensorFileException.Kind;

/**
 * The validated header of a safetensors file: its tensors in offset order, its {@code __metadata__}, and
 * where the data region starts.
 *
 * <p>The checks are those of the format's reference implementation, in its order (header length, cap,
 * bounds, UTF-8, JSON, entries, then the layout in offset order), each reported as its own {@link Kind}.
 * Beyond the reference: the header must start with an opening brace, duplicate keys are errors, and dimensions
 * must fit Kiln's {@code int} shapes. Unknown members of a tensor entry are ignored, as the reference does.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";
    private static final long NOT_AN_INTEGER = -1;
    private static final long TOO_LARGE = -2;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One tensor; {@code begin} and {@code end} are byte offsets into the data region. */
    record Entry(String name, SafetensorsDType dtype, int[] shape, long begin, long end) {
    }

    /** Reads and validates the header of a whole file's bytes; {@code file} is only for messages. */
    static SafetensorsHeader read(MemorySegment bytes, Path file) throws TensorFileException {
        long size = bytes.byteSize();
        if (size < 8) {
            throw new TensorFileException(Kind.SAFETENSORS_FILE_TOO_SMALL, file,
                    "file is " + size + " bytes, too small for the 8-byte header length");
        }
        long n = bytes.get(U64, 0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_TOO_LARGE, file, "header length "
                    + Long.toUnsignedString(n) + " is above the cap of " + MAX_HEADER_BYTES + " bytes");
        }
        if (n > size - 8) {
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_PAST_END, file,
                    "header length " + n + " runs past the end of the file (" + size + " bytes)");
        }
        String text = decodeUtf8(bytes.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE), file);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_BAD_START, file,
                    text.isEmpty() ? "header is empty" : "header does not start with '{'");
        }
        Json.Obj root = parseJson(text, file);

        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Json.Value> member : root.members().entrySet()) {
            if (member.getKey().equals(METADATA_KEY)) {
                metadata = metadata(member.getValue(), file);
            } else {
                entries.add(entry(member.getKey(), member.getValue(), file));
            }
        }
        // The reference sorts by offsets too; a stable sort keeps header order among equal (empty) ranges.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkLayout(entries, size - 8 - n, file);
        return new SafetensorsHeader(List.copyOf(entries), metadata, 8 + n);
    }

    private static String decodeUtf8(byte[] header, Path file) throws TensorFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(header);
        CharBuffer out = CharBuffer.allocate(header.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_NOT_UTF8, file,
                    "header is not valid UTF-8 (bad byte at file offset " + (8 + in.position()) + ")");
        }
        return out.flip().toString();
    }

    private static Json.Obj parseJson(String text, Path file) throws TensorFileException {
        try {
            if (Json.parse(text) instanceof Json.Obj root) {
                return root;
            }
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_NOT_JSON, file, "header is not a JSON object");
        } catch (Json.ParseException e) {
            String key = e.duplicateKey;
            if (key != null && e.path.isEmpty()) {
                if (key.equals(METADATA_KEY)) {
                    throw new TensorFileException(Kind.SAFETENSORS_BAD_METADATA, file, "__metadata__ appears twice");
                }
                throw new TensorFileException(Kind.SAFETENSORS_DUPLICATE_NAME, file,
                        "two tensors are named " + Json.display(key));
            }
            if (key != null && e.path.size() == 1 && METADATA_KEY.equals(e.path.getFirst())) {
                throw new TensorFileException(Kind.SAFETENSORS_BAD_METADATA, file,
                        "__metadata__ has the key " + Json.display(key) + " twice");
            }
            if (key != null && e.path.size() == 1) {
                throw new TensorFileException(Kind.SAFETENSORS_MALFORMED_ENTRY, file, "tensor "
                        + Json.display(String.valueOf(e.path.getFirst())) + " has the key " + Json.display(key) + " twice");
            }
            throw new TensorFileException(Kind.SAFETENSORS_HEADER_NOT_JSON, file, "header is not valid JSON: " + e.getMessage());
        }
    }

    private static Entry entry(String name, Json.Value value, Path file) throws TensorFileException {
        String shown = Json.display(name);
        if (!(value instanceof Json.Obj obj)) {
            throw malformed(file, "tensor " + shown + " is not a JSON object");
        }
        Map<String, Json.Value> m = obj.members();
        if (!(m.get("dtype") instanceof Json.Str(String dtypeName))) {
            throw malformed(file, "tensor " + shown + (m.containsKey("dtype") ? " has a dtype that is not a string" : " has no dtype"));
        }
        SafetensorsDType dtype = SafetensorsDType.fromName(dtypeName);
        if (dtype == null) {
            throw new TensorFileException(Kind.SAFETENSORS_UNKNOWN_DTYPE, file, "tensor " + shown + " has unknown dtype "
                    + Json.display(dtypeName) + "; known: " + Arrays.toString(SafetensorsDType.values()));
        }
        if (!(m.get("shape") instanceof Json.Arr(List<Json.Value> dims))) {
            throw malformed(file, "tensor " + shown + (m.containsKey("shape") ? " has a shape that is not an array" : " has no shape"));
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegativeInteger(dims.get(i));
            if (d == NOT_AN_INTEGER) {
                throw malformed(file, "tensor " + shown + " has shape dimension " + i + " that is not a non-negative integer");
            }
            if (d == TOO_LARGE || d > Integer.MAX_VALUE) {
                throw new TensorFileException(Kind.SAFETENSORS_SIZE_OVERFLOW, file, "tensor " + shown + " has shape dimension "
                        + i + " = " + digits(dims.get(i)) + ", above the largest supported " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
        }
        if (!(m.get("data_offsets") instanceof Json.Arr(List<Json.Value> offsets)) || offsets.size() != 2) {
            throw malformed(file, "tensor " + shown + (m.containsKey("data_offsets")
                    ? " has data_offsets that is not an array of two integers" : " has no data_offsets"));
        }
        long begin = nonNegativeInteger(offsets.get(0));
        long end = nonNegativeInteger(offsets.get(1));
        if (begin == NOT_AN_INTEGER || end == NOT_AN_INTEGER) {
            throw malformed(file, "tensor " + shown + " has data_offsets that are not non-negative integers");
        }
        if (begin == TOO_LARGE || end == TOO_LARGE) {
            throw new TensorFileException(Kind.SAFETENSORS_OFFSET_PAST_END, file, "tensor " + shown
                    + " has data_offsets beyond any file: [" + digits(offsets.get(0)) + ", " + digits(offsets.get(1)) + "]");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /**
     * The value of a JSON number written as plain digits, {@link #NOT_AN_INTEGER} for anything else
     * (negative, fraction, exponent, not a number), {@link #TOO_LARGE} above {@code Long.MAX_VALUE}.
     * Works on the text: JSON forbids leading zeros, so more than 19 digits is always too large.
     */
    private static long nonNegativeInteger(Json.Value v) {
        if (!(v instanceof Json.Num number) || !number.isNonNegativeInteger()) {
            return NOT_AN_INTEGER;
        }
        String text = number.text();
        if (text.length() > 19 || (text.length() == 19 && text.compareTo(Long.toString(Long.MAX_VALUE)) > 0)) {
            return TOO_LARGE;
        }
        return Long.parseLong(text);
    }

    /** A number's digits for a message, shortened: a header may hold a digit string of any length. */
    private static String digits(Json.Value number) {
        String text = ((Json.Num) number).text();
        return text.length() <= 30 ? text : text.substring(0, 12) + "... (" + text.length() + " digits)";
    }

    private static TensorFileException malformed(Path file, String detail) {
        return new TensorFileException(Kind.SAFETENSORS_MALFORMED_ENTRY, file, detail);
    }

    private static Map<String, String> metadata(Json.Value value, Path file) throws TensorFileException {
        if (value == Json.Null.INSTANCE) {
            return Map.of(); // serde reads null as "no metadata", so the reference accepts it
        }
        if (!(value instanceof Json.Obj obj)) {
            throw new TensorFileException(Kind.SAFETENSORS_BAD_METADATA, file, "__metadata__ is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json.Value> m : obj.members().entrySet()) {
            if (!(m.getValue() instanceof Json.Str(String s))) {
                throw new TensorFileException(Kind.SAFETENSORS_BAD_METADATA, file,
                        "__metadata__ value for " + Json.display(m.getKey()) + " is not a string");
            }
            out.put(m.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * In offset order each tensor must start where the previous one ended (the first at 0), hold exactly
     * the bytes its dtype and shape need, and the last must end exactly at the end of the file.
     */
    private static void checkLayout(List<Entry> entries, long dataLength, Path file) throws TensorFileException {
        long cursor = 0;
        String previous = null;
        for (Entry e : entries) {
            String name = Json.display(e.name());
            if (e.begin() > e.end()) {
                throw new TensorFileException(Kind.SAFETENSORS_OFFSET_REVERSED, file,
                        "tensor " + name + " has data_offsets [" + e.begin() + ", " + e.end() + "]: begin is after end");
            }
            if (e.begin() != cursor) {
                String after = previous == null ? "the data region starts at 0" : "the previous tensor " + previous
                        + " ends at " + cursor;
                throw new TensorFileException(e.begin() > cursor ? Kind.SAFETENSORS_OFFSET_GAP : Kind.SAFETENSORS_OFFSET_OVERLAP,
                        file, "tensor " + name + " starts at data byte " + e.begin() + " but " + after);
            }
            cursor = e.end();
            previous = name;
            long needed = byteCount(e, file);
            if (needed != e.end() - e.begin()) {
                throw new TensorFileException(Kind.SAFETENSORS_SIZE_MISMATCH, file, "tensor " + name + " is " + e.dtype()
                        + " " + Arrays.toString(e.shape()) + ", which needs " + needed + " bytes, but its data_offsets ["
                        + e.begin() + ", " + e.end() + "] span " + (e.end() - e.begin()));
            }
        }
        if (cursor > dataLength) {
            throw new TensorFileException(Kind.SAFETENSORS_OFFSET_PAST_END, file, "tensor " + previous + " ends at data byte "
                    + cursor + " but the file holds only " + dataLength + " data bytes");
        }
        if (cursor < dataLength) {
            throw new TensorFileException(Kind.SAFETENSORS_TRAILING_BYTES, file, entries.isEmpty()
                    ? "the file holds no tensors but " + dataLength + " data bytes"
                    : "the tensors cover " + cursor + " of the " + dataLength + " data bytes; the last "
                            + (dataLength - cursor) + " belong to no tensor");
        }
    }

    private static long byteCount(Entry e, Path file) throws TensorFileException {
        long elements = 1;
        long bits;
        try {
            for (int d : e.shape()) {
                elements = Math.multiplyExact(elements, d);
            }
            bits = Math.multiplyExact(elements, e.dtype().bits());
        } catch (ArithmeticException overflow) {
            throw new TensorFileException(Kind.SAFETENSORS_SIZE_OVERFLOW, file, "size of tensor " + Json.display(e.name())
                    + " " + e.dtype() + " " + Arrays.toString(e.shape()) + " overflows 64 bits");
        }
        if (bits % 8 != 0) {
            throw new TensorFileException(Kind.SAFETENSORS_PARTIAL_BYTE, file, "tensor " + Json.display(e.name()) + " holds "
                    + elements + " " + e.dtype() + " elements of " + e.dtype().bits() + " bits, not a whole number of bytes");
        }
        return bits / 8;
    }
}
