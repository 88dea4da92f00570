package kiln.runtime.io;

import static kiln.runtime.io.RawTensorFiles.concat;
import static kiln.runtime.io.RawTensorFiles.npy;
import static kiln.runtime.io.RawTensorFiles.npyHeader;
import static kiln.runtime.io.RawTensorFiles.padNpy;
import static kiln.runtime.io.RawTensorFiles.safetensors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.runtime.io.TensorFileException.Kind;

/**
 * The corrupt-file corpus under {@code src/test/resources/corrupt/}: one small file per rule, each
 * breaking that rule and no other. This class is the corpus's source; the committed bytes and README
 * are checked against it by {@link CorruptCorpusTest}, and rewritten from it with
 * {@code mvn -pl runtime test -Dtest=CorruptCorpusTest -Dkiln.updateCorpus=true}.
 */
final class CorruptCorpus {
    /** One corpus file: {@code folder/name}, the kind reading it must raise, and the rule it breaks. */
    record Case(String folder, String name, Kind expected, String rule, byte[] bytes) {
        String path() {
            return folder + "/" + name;
        }
    }

    private CorruptCorpus() {
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(npyCases());
        all.addAll(safetensorsCases());
        return all;
    }

    // ---- .npy: a valid file is '<f4', shape (2,), 8 data bytes ----

    private static final byte[] EIGHT = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0};
    private static final byte[] VALID_NPY = npy(1, 0, npyHeader("<f4", "False", "(2,)"), EIGHT);

    private static Case n(String name, Kind kind, String rule, byte[] bytes) {
        return new Case("npy", name + ".npy", kind, rule, bytes);
    }

    private static byte[] npyDict(String dict, byte[] data) {
        return npy(1, 0, padNpy(dict), data);
    }

    private static List<Case> npyCases() {
        byte[] badMagic = VALID_NPY.clone();
        badMagic[5] = 'X';
        byte[] v3Header = padNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }  \u00ff ").getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                n("bad_magic", Kind.NPY_BAD_MAGIC, "magic is \\x93NUMPX, not \\x93NUMPY", badMagic),
                n("bad_magic_text_file", Kind.NPY_BAD_MAGIC, "a text file, not .npy", "hello, world\n".getBytes(StandardCharsets.US_ASCII)),
                n("truncated_empty_file", Kind.NPY_TRUNCATED_HEADER, "zero bytes", new byte[0]),
                n("truncated_in_magic", Kind.NPY_TRUNCATED_HEADER, "ends inside the magic string", Arrays.copyOf(VALID_NPY, 4)),
                n("truncated_in_header_length", Kind.NPY_TRUNCATED_HEADER, "ends inside the 2-byte header length", Arrays.copyOf(VALID_NPY, 9)),
                n("truncated_in_header", Kind.NPY_TRUNCATED_HEADER, "ends inside the header dict", Arrays.copyOf(VALID_NPY, 40)),
                n("unsupported_version_4_0", Kind.NPY_UNSUPPORTED_VERSION, "format version 4.0", npy(4, 0, npyHeader("<f4", "False", "(2,)"), EIGHT)),
                n("unsupported_version_1_1", Kind.NPY_UNSUPPORTED_VERSION, "format version 1.1", npy(1, 1, npyHeader("<f4", "False", "(2,)"), EIGHT)),
                n("header_not_a_dict", Kind.NPY_MALFORMED_HEADER, "header is a tuple", npyDict("('<f4', False, (2,))", EIGHT)),
                n("header_syntax_error", Kind.NPY_MALFORMED_HEADER, "dict is never closed",
                        npyDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ", EIGHT)),
                n("header_missing_shape", Kind.NPY_MALFORMED_HEADER, "no 'shape' key",
                        npyDict("{'descr': '<f4', 'fortran_order': False, }", EIGHT)),
                n("header_extra_key", Kind.NPY_MALFORMED_HEADER, "an 'align' key besides the three",
                        npyDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'align': 0, }", EIGHT)),
                n("header_duplicate_key", Kind.NPY_MALFORMED_HEADER, "'descr' twice",
                        npyDict("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", EIGHT)),
                n("header_fortran_order_not_bool", Kind.NPY_MALFORMED_HEADER, "fortran_order is 0",
                        npyDict("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", EIGHT)),
                n("header_unknown_name", Kind.NPY_MALFORMED_HEADER, "fortran_order is 'false' (not Python)",
                        npyDict("{'descr': '<f4', 'fortran_order': false, 'shape': (2,), }", EIGHT)),
                n("header_descr_not_a_string", Kind.NPY_MALFORMED_HEADER, "descr is the number 4",
                        npyDict("{'descr': 4, 'fortran_order': False, 'shape': (2,), }", EIGHT)),
                n("header_trailing_garbage", Kind.NPY_MALFORMED_HEADER, "text after the dict",
                        npyDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", EIGHT)),
                n("header_v3_invalid_utf8", Kind.NPY_MALFORMED_HEADER, "version 3.0 header with a 0xFF byte", npy(3, 0, v3Header, EIGHT)),
                n("dtype_big_endian_f4", Kind.NPY_UNSUPPORTED_DTYPE, "descr '>f4'", npy(1, 0, npyHeader(">f4", "False", "(2,)"), EIGHT)),
                n("dtype_float16", Kind.NPY_UNSUPPORTED_DTYPE, "descr '<f2'", npy(1, 0, npyHeader("<f2", "False", "(4,)"), EIGHT)),
                n("dtype_object", Kind.NPY_UNSUPPORTED_DTYPE, "descr '|O' (pickled objects)", npy(1, 0, npyHeader("|O", "False", "(1,)"), EIGHT)),
                n("dtype_unsigned_u4", Kind.NPY_UNSUPPORTED_DTYPE, "descr '<u4'", npy(1, 0, npyHeader("<u4", "False", "(2,)"), EIGHT)),
                n("dtype_structured", Kind.NPY_UNSUPPORTED_DTYPE, "descr is a list of fields",
                        npyDict("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", EIGHT)),
                n("fortran_order_true", Kind.NPY_FORTRAN_ORDER, "fortran_order: True", npy(1, 0, npyHeader("<f4", "True", "(1, 2)"), EIGHT)),
                n("shape_negative", Kind.NPY_BAD_SHAPE, "shape (-2,)", npy(1, 0, npyHeader("<f4", "False", "(-2,)"), EIGHT)),
                n("shape_not_a_tuple", Kind.NPY_BAD_SHAPE, "shape is the list [2]", npy(1, 0, npyHeader("<f4", "False", "[2]"), EIGHT)),
                n("shape_parenthesized_int", Kind.NPY_BAD_SHAPE, "shape (2) is an int, not a tuple", npy(1, 0, npyHeader("<f4", "False", "(2)"), EIGHT)),
                n("shape_fractional", Kind.NPY_BAD_SHAPE, "shape (2.0,)", npy(1, 0, npyHeader("<f4", "False", "(2.0,)"), EIGHT)),
                n("shape_dimension_too_large", Kind.NPY_BAD_SHAPE, "a dimension above 2^31-1",
                        npy(1, 0, npyHeader("<f4", "False", "(3000000000,)"), EIGHT)),
                n("shape_size_overflow", Kind.NPY_BAD_SHAPE, "byte count overflows 64 bits",
                        npy(1, 0, npyHeader("<f4", "False", "(2147483647, 2147483647, 2147483647)"), EIGHT)),
                n("data_truncated", Kind.NPY_DATA_TRUNCATED, "5 of 8 data bytes", npy(1, 0, npyHeader("<f4", "False", "(2,)"), Arrays.copyOf(EIGHT, 5))),
                n("data_missing", Kind.NPY_DATA_TRUNCATED, "no data bytes at all", npy(1, 0, npyHeader("<f4", "False", "(2,)"), new byte[0])),
                n("data_trailing_bytes", Kind.NPY_TRAILING_DATA, "9 data bytes for 8", npy(1, 0, npyHeader("<f4", "False", "(2,)"), Arrays.copyOf(EIGHT, 9))));
    }

    // ---- .safetensors: a valid file is one F32 tensor "w" of shape [2] at [0, 8] ----

    private static final String W = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    private static final byte[] VALID_ST = safetensors(W, EIGHT);

    private static Case s(String name, Kind kind, String rule, byte[] bytes) {
        return new Case("safetensors", name + ".safetensors", kind, rule, bytes);
    }

    /** A header with one tensor "w" whose entry body is given. */
    private static byte[] w(String entry, int dataBytes) {
        return safetensors("{\"w\":" + entry + "}", Arrays.copyOf(EIGHT, dataBytes));
    }

    private static byte[] header(String json, int dataBytes) {
        return safetensors(json, Arrays.copyOf(EIGHT, dataBytes));
    }

    private static byte[] rawHeader(byte[] header) {
        return safetensors(header.length, header, EIGHT);
    }

    private static List<Case> safetensorsCases() {
        byte[] w8 = W.getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = W.replace("\"w\"", "\"w\u0001\"").getBytes(StandardCharsets.UTF_8);
        invalidUtf8[3] = (byte) 0xFF;
        byte[] overlong = W.replace("\"w\"", "\"w\u0001\u0001\"").getBytes(StandardCharsets.UTF_8);
        overlong[3] = (byte) 0xC0;
        overlong[4] = (byte) 0xAF;
        byte[] surrogate = W.replace("\"w\"", "\"w\u0001\u0001\u0001\"").getBytes(StandardCharsets.UTF_8);
        surrogate[3] = (byte) 0xED;
        surrogate[4] = (byte) 0xA0;
        surrogate[5] = (byte) 0x80;
        String entry = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        String deep = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":" + "[".repeat(200) + "]".repeat(200) + "}}";
        return List.of(
                s("file_empty", Kind.SAFETENSORS_FILE_TOO_SMALL, "zero bytes", new byte[0]),
                s("file_too_small_for_length", Kind.SAFETENSORS_FILE_TOO_SMALL, "7 bytes", Arrays.copyOf(VALID_ST, 7)),
                s("header_length_above_cap", Kind.SAFETENSORS_HEADER_TOO_LARGE, "length 100000001", safetensors(100_000_001L, w8, EIGHT)),
                s("header_length_u64_max", Kind.SAFETENSORS_HEADER_TOO_LARGE, "length 2^64-1", safetensors(-1L, w8, EIGHT)),
                s("header_past_end_of_file", Kind.SAFETENSORS_HEADER_PAST_END, "header length 1000, file far shorter", safetensors(1000, w8, EIGHT)),
                s("file_truncated_in_header", Kind.SAFETENSORS_HEADER_PAST_END, "a valid file cut inside the header", Arrays.copyOf(VALID_ST, 30)),
                s("header_invalid_utf8", Kind.SAFETENSORS_HEADER_NOT_UTF8, "a 0xFF byte in a name", rawHeader(invalidUtf8)),
                s("header_overlong_utf8", Kind.SAFETENSORS_HEADER_NOT_UTF8, "overlong encoding C0 AF of '/'", rawHeader(overlong)),
                s("header_utf8_surrogate", Kind.SAFETENSORS_HEADER_NOT_UTF8, "an encoded surrogate ED A0 80", rawHeader(surrogate)),
                s("header_empty", Kind.SAFETENSORS_HEADER_BAD_START, "header length 0", safetensors(0, new byte[0], new byte[0])),
                s("header_starts_with_space", Kind.SAFETENSORS_HEADER_BAD_START, "a space before '{'", header(" " + W, 8)),
                s("header_is_an_array", Kind.SAFETENSORS_HEADER_BAD_START, "header is '[]'", header("[]      ", 0)),
                s("header_utf8_bom", Kind.SAFETENSORS_HEADER_BAD_START, "a byte-order mark before '{'", header("\ufeff" + W, 8)),
                s("header_truncated_json", Kind.SAFETENSORS_HEADER_NOT_JSON, "JSON ends mid-object",
                        header("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]", 8)),
                s("header_trailing_comma", Kind.SAFETENSORS_HEADER_NOT_JSON, "a comma before '}'", header(W.replace("]}}", "],}}"), 8)),
                s("header_nul_padding", Kind.SAFETENSORS_HEADER_NOT_JSON, "padded with NUL instead of spaces", header(W + "\0\0\0\0\0\0", 8)),
                s("header_single_quotes", Kind.SAFETENSORS_HEADER_NOT_JSON, "single-quoted strings", header(W.replace('"', '\''), 8)),
                s("header_lone_surrogate_escape", Kind.SAFETENSORS_HEADER_NOT_JSON, "a name with \\ud800 alone",
                        header(W.replace("\"w\"", "\"w\\ud800\""), 8)),
                s("header_nesting_too_deep", Kind.SAFETENSORS_HEADER_NOT_JSON, "200 nested arrays in an extra field", header(deep, 8)),
                s("header_two_values", Kind.SAFETENSORS_HEADER_NOT_JSON, "two JSON objects", header(W + "{}", 8)),
                s("duplicate_tensor_name", Kind.SAFETENSORS_DUPLICATE_NAME, "two tensors named w",
                        header("{\"w\":" + entry + ",\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16)),
                s("entry_not_an_object", Kind.SAFETENSORS_MALFORMED_ENTRY, "w is an array", w("[\"F32\",[2],[0,8]]", 8)),
                s("entry_missing_dtype", Kind.SAFETENSORS_MALFORMED_ENTRY, "no dtype", w("{\"shape\":[2],\"data_offsets\":[0,8]}", 8)),
                s("entry_dtype_not_a_string", Kind.SAFETENSORS_MALFORMED_ENTRY, "dtype is 32", w(entry.replace("\"F32\"", "32"), 8)),
                s("entry_missing_shape", Kind.SAFETENSORS_MALFORMED_ENTRY, "no shape", w("{\"dtype\":\"F32\",\"data_offsets\":[0,8]}", 8)),
                s("entry_shape_not_an_array", Kind.SAFETENSORS_MALFORMED_ENTRY, "shape is 2", w(entry.replace("[2]", "2"), 8)),
                s("entry_shape_negative_dimension", Kind.SAFETENSORS_MALFORMED_ENTRY, "shape [-2]", w(entry.replace("[2]", "[-2]"), 8)),
                s("entry_shape_fractional_dimension", Kind.SAFETENSORS_MALFORMED_ENTRY, "shape [2.0]", w(entry.replace("[2]", "[2.0]"), 8)),
                s("entry_missing_data_offsets", Kind.SAFETENSORS_MALFORMED_ENTRY, "no data_offsets", w("{\"dtype\":\"F32\",\"shape\":[2]}", 8)),
                s("entry_data_offsets_three_values", Kind.SAFETENSORS_MALFORMED_ENTRY, "data_offsets [0,8,8]", w(entry.replace("[0,8]", "[0,8,8]"), 8)),
                s("entry_data_offsets_strings", Kind.SAFETENSORS_MALFORMED_ENTRY, "data_offsets [\"0\",\"8\"]",
                        w(entry.replace("[0,8]", "[\"0\",\"8\"]"), 8)),
                s("entry_duplicate_field", Kind.SAFETENSORS_MALFORMED_ENTRY, "dtype given twice in one entry",
                        w(entry.replace("{", "{\"dtype\":\"F32\","), 8)),
                s("dtype_unknown", Kind.SAFETENSORS_UNKNOWN_DTYPE, "dtype F128", w(entry.replace("F32", "F128"), 8)),
                s("dtype_lowercase", Kind.SAFETENSORS_UNKNOWN_DTYPE, "dtype f32 (names are upper case)", w(entry.replace("F32", "f32"), 8)),
                s("dtype_unsupported_u8", Kind.SAFETENSORS_UNSUPPORTED_DTYPE, "dtype U8 (valid file)",
                        w(entry.replace("F32", "U8").replace("[2]", "[8]"), 8)),
                s("dtype_unsupported_i16", Kind.SAFETENSORS_UNSUPPORTED_DTYPE, "dtype I16 (valid file)",
                        w(entry.replace("F32", "I16").replace("[2]", "[4]"), 8)),
                s("dtype_unsupported_f8_e4m3", Kind.SAFETENSORS_UNSUPPORTED_DTYPE, "dtype F8_E4M3 (valid file)",
                        w(entry.replace("F32", "F8_E4M3").replace("[2]", "[8]"), 8)),
                s("offsets_begin_after_end", Kind.SAFETENSORS_OFFSET_REVERSED, "data_offsets [8,0]", w(entry.replace("[0,8]", "[8,0]"), 8)),
                s("offsets_first_not_at_zero", Kind.SAFETENSORS_OFFSET_GAP, "data_offsets [4,12]", w(entry.replace("[0,8]", "[4,12]"), 12)),
                s("offsets_gap_between_tensors", Kind.SAFETENSORS_OFFSET_GAP, "a at [0,8], b at [12,20]",
                        header("{\"a\":" + entry + ",\"b\":" + entry.replace("[0,8]", "[12,20]") + "}", 20)),
                s("offsets_overlap", Kind.SAFETENSORS_OFFSET_OVERLAP, "a at [0,8], b at [4,12]",
                        header("{\"a\":" + entry + ",\"b\":" + entry.replace("[0,8]", "[4,12]") + "}", 12)),
                s("offsets_same_range_twice", Kind.SAFETENSORS_OFFSET_OVERLAP, "a and b both at [0,8]",
                        header("{\"a\":" + entry + ",\"b\":" + entry + "}", 8)),
                s("size_element_count_overflow", Kind.SAFETENSORS_SIZE_OVERFLOW, "shape [2^31-1, 2^31-1, 2^31-1]",
                        w(entry.replace("[2]", "[2147483647,2147483647,2147483647]"), 8)),
                s("size_byte_count_overflow", Kind.SAFETENSORS_SIZE_OVERFLOW, "F64 [2^31-1, 2^31-1]: elements fit, bits do not",
                        w(entry.replace("F32", "F64").replace("[2]", "[2147483647,2147483647]"), 8)),
                s("size_dimension_above_int", Kind.SAFETENSORS_SIZE_OVERFLOW, "shape [3000000000, 0]",
                        w(entry.replace("[2]", "[3000000000,0]").replace("[0,8]", "[0,0]"), 0)),
                s("size_dimension_above_u64", Kind.SAFETENSORS_SIZE_OVERFLOW, "shape [2^64]",
                        w(entry.replace("[2]", "[18446744073709551616]"), 8)),
                s("size_mismatch_short", Kind.SAFETENSORS_SIZE_MISMATCH, "F32 [2,2] in 12 bytes",
                        w(entry.replace("[2]", "[2,2]").replace("[0,8]", "[0,12]"), 12)),
                s("size_mismatch_long", Kind.SAFETENSORS_SIZE_MISMATCH, "F32 [2] in 12 bytes", w(entry.replace("[0,8]", "[0,12]"), 12)),
                s("partial_byte_f4", Kind.SAFETENSORS_PARTIAL_BYTE, "three 4-bit F4 elements",
                        w(entry.replace("F32", "F4").replace("[2]", "[3]").replace("[0,8]", "[0,2]"), 2)),
                s("offset_past_end_of_file", Kind.SAFETENSORS_OFFSET_PAST_END, "data_offsets [0,8], 4 data bytes", w(entry, 4)),
                s("file_truncated_in_data", Kind.SAFETENSORS_OFFSET_PAST_END, "a valid file cut inside the data",
                        Arrays.copyOf(VALID_ST, VALID_ST.length - 3)),
                s("offset_above_u64", Kind.SAFETENSORS_OFFSET_PAST_END, "data_offsets [0, 10^20]",
                        w(entry.replace("[0,8]", "[0,100000000000000000000]"), 8)),
                s("trailing_bytes_after_last_tensor", Kind.SAFETENSORS_TRAILING_BYTES, "9 data bytes, tensors cover 8", w(entry, 9)),
                s("trailing_bytes_without_tensors", Kind.SAFETENSORS_TRAILING_BYTES, "no tensors, 4 data bytes", header("{}", 4)),
                s("metadata_not_an_object", Kind.SAFETENSORS_BAD_METADATA, "__metadata__ is an array",
                        header("{\"__metadata__\":[\"a\"],\"w\":" + entry + "}", 8)),
                s("metadata_value_not_a_string", Kind.SAFETENSORS_BAD_METADATA, "a metadata value is 3",
                        header("{\"__metadata__\":{\"epoch\":3},\"w\":" + entry + "}", 8)),
                s("metadata_nested_object", Kind.SAFETENSORS_BAD_METADATA, "a metadata value is an object",
                        header("{\"__metadata__\":{\"a\":{\"b\":\"c\"}},\"w\":" + entry + "}", 8)),
                s("metadata_duplicate_key", Kind.SAFETENSORS_BAD_METADATA, "a metadata key twice",
                        header("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"},\"w\":" + entry + "}", 8)),
                s("metadata_twice", Kind.SAFETENSORS_BAD_METADATA, "__metadata__ twice",
                        header("{\"__metadata__\":{},\"w\":" + entry + ",\"__metadata__\":{}}", 8)));
    }

    /** The corpus README: what the corpus is, how to regenerate it, and the file → kind table. */
    static String readme(List<Case> cases) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Corrupt tensor files\n\n")
                .append("Each file breaks exactly one rule of the `.npy` or `.safetensors` format and must be rejected\n")
                .append("with the `TensorFileException.Kind` listed here, never with another exception.\n")
                .append("`CorruptCorpusTest` reads every file listed below and checks the kind.\n\n")
                .append("The files are generated by `CorruptCorpus` (test sources). Do not edit them by hand; change the\n")
                .append("generator and run\n\n")
                .append("    mvn -pl runtime test -Dtest=CorruptCorpusTest -Dkiln.updateCorpus=true\n\n")
                .append("which rewrites the files and this README. Without the flag the test fails if they drift apart.\n\n")
                .append("The `dtype_unsupported_*` files are valid safetensors files: opening them succeeds and loading the\n")
                .append("tensor fails. Valid baselines: `npy/` files hold `<f4` of shape `(2,)`; `safetensors/` files hold\n")
                .append("one `F32` tensor `w` of shape `[2]` at `[0, 8]`, unless the rule needs otherwise.\n\n")
                .append("| file | expected kind | rule broken |\n")
                .append("|---|---|---|\n");
        for (Case c : cases) {
            sb.append("| ").append(c.path()).append(" | ").append(c.expected().name()).append(" | ")
                    .append(c.rule().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
