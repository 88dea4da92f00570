package kiln.runtime.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.runtime.DType;
import kiln.runtime.io.TensorFileException.Kind;

/**
 * The header dict of a {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>numpy reads it with Python's {@code ast.literal_eval}; here a small parser accepts the literal forms a
 * header can hold (strings without escapes, ints, floats, True/False/None, tuples, lists, dicts) so that
 * a wrong value is reported as a wrong value rather than as a syntax error. Keys must be exactly
 * descr, fortran_order and shape, each once.
 */
record NpyHeader(DType dtype, int[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final String SUPPORTED = "<f4, <f8, <i8, <i4, |i1, |b1, <c8";
    private static final int MAX_DEPTH = 32;
    /** numpy leaves this much room after the header so a growing first axis can be rewritten in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** The numpy descr of a Kiln dtype; always little-endian ({@code |} where byte order does not apply). */
    static String descr(DType dtype) {
        return switch (dtype) {
            case F32 -> "<f4";
            case F64 -> "<f8";
            case I64 -> "<i8";
            case I32 -> "<i4";
            case I8 -> "|i1";
            case BOOL -> "|b1";
            case C64 -> "<c8";
        };
    }

    /** The dict text numpy itself writes for this dtype and shape, growth padding included, no newline. */
    static String format(DType dtype, int[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            sb.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        return sb.toString();
    }

    /** Parses and checks a header; {@code file} is only for messages and may be null. */
    static NpyHeader parse(String text, Path file) throws TensorFileException {
        Py value;
        try {
            Cursor c = new Cursor(text);
            c.skipWhitespace();
            value = c.value(0);
            c.skipWhitespace();
            if (c.pos != text.length()) {
                throw c.error("unexpected " + c.describeHere() + " after the dict");
            }
        } catch (SyntaxError e) {
            throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "header is not a Python literal: " + e.getMessage());
        }
        if (!(value instanceof PyDict(Map<String, Py> entries))) {
            throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "header is not a dict");
        }
        for (String key : KEYS) {
            if (!entries.containsKey(key)) {
                throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "header has no '" + key + "' key");
            }
        }
        for (String key : entries.keySet()) {
            if (!KEYS.contains(key)) {
                throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file,
                        "header has an unexpected key " + Json.display(key) + "; expected descr, fortran_order, shape");
            }
        }
        DType dtype = dtype(entries.get("descr"), file);
        switch (entries.get("fortran_order")) {
            case PyWord(String w) when w.equals("False") -> { }
            case PyWord(String w) when w.equals("True") -> throw new TensorFileException(Kind.NPY_FORTRAN_ORDER, file,
                    "array is stored in Fortran order (fortran_order: True); only C order is supported");
            default -> throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "fortran_order is not True or False");
        }
        return new NpyHeader(dtype, shape(entries.get("shape"), dtype, file));
    }

    private static DType dtype(Py descr, Path file) throws TensorFileException {
        if (descr instanceof PySeq(boolean tuple, _) && !tuple) {
            throw new TensorFileException(Kind.NPY_UNSUPPORTED_DTYPE, file,
                    "structured dtypes are not supported; supported descr values: " + SUPPORTED);
        }
        if (!(descr instanceof PyStr(String s))) {
            throw new TensorFileException(Kind.NPY_MALFORMED_HEADER, file, "descr is not a string");
        }
        DType dtype = switch (s) {
            case "<f4" -> DType.F32;
            case "<f8" -> DType.F64;
            case "<i8" -> DType.I64;
            case "<i4" -> DType.I32;
            case "<c8" -> DType.C64;
            // Byte order means nothing for one-byte types; other writers spell it differently.
            case "|i1", "<i1", ">i1", "=i1" -> DType.I8;
            case "|b1", "<b1", ">b1", "=b1" -> DType.BOOL;
            default -> null;
        };
        if (dtype == null) {
            throw new TensorFileException(Kind.NPY_UNSUPPORTED_DTYPE, file, "dtype " + Json.display(s) + hint(s) + " is not supported; supported: " + SUPPORTED);
        }
        return dtype;
    }

    private static String hint(String descr) {
        if (descr.startsWith(">") || descr.startsWith("!")) {
            return " (big-endian)";
        } else if (descr.endsWith("O")) {
            return " (Python objects)";
        } else if (descr.endsWith("f2") || descr.endsWith("e")) {
            return " (float16)";
        }
        return "";
    }

    private static int[] shape(Py value, DType dtype, Path file) throws TensorFileException {
        if (!(value instanceof PySeq(boolean tuple, List<Py> items) && tuple)) {
            throw new TensorFileException(Kind.NPY_BAD_SHAPE, file, "shape is not a tuple");
        }
        int[] shape = new int[items.size()];
        long bytes = dtype.byteSize();
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof PyNum(String text)) || !text.matches("[+-]?[0-9]+")) {
                throw new TensorFileException(Kind.NPY_BAD_SHAPE, file, "shape dimension " + i + " is not an integer");
            }
            if (text.startsWith("-") && !text.matches("-0+")) {
                throw new TensorFileException(Kind.NPY_BAD_SHAPE, file, "shape dimension " + i + " is negative: " + text);
            }
            String digits = text.replaceFirst("^[+-]?0*", "");
            if (digits.length() > 10 || Long.parseLong(digits.isEmpty() ? "0" : digits) > Integer.MAX_VALUE) {
                throw new TensorFileException(Kind.NPY_BAD_SHAPE, file,
                        "shape dimension " + i + " is " + text + ", above the largest supported 2147483647");
            }
            shape[i] = Integer.parseInt(digits.isEmpty() ? "0" : digits);
            try {
                bytes = Math.multiplyExact(bytes, shape[i]);
            } catch (ArithmeticException e) {
                throw new TensorFileException(Kind.NPY_BAD_SHAPE, file, "shape " + describe(items) + " overflows 64-bit byte count");
            }
        }
        return shape;
    }

    private static String describe(List<Py> items) {
        List<String> parts = new ArrayList<>();
        for (Py p : items) {
            parts.add(p instanceof PyNum(String t) ? t : "?");
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** A Python literal value, as far as headers need them. */
    private sealed interface Py permits PyStr, PyNum, PyWord, PySeq, PyDict {
    }

    private record PyStr(String value) implements Py {
    }

    private record PyNum(String text) implements Py {
    }

    /** True, False or None. */
    private record PyWord(String word) implements Py {
    }

    private record PySeq(boolean tuple, List<Py> items) implements Py {
    }

    private record PyDict(Map<String, Py> entries) implements Py {
    }

    private static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text) {
            this.text = text;
        }

        Py value(int depth) throws SyntaxError {
            if (depth >= MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            char c = peek();
            if (c == '{') {
                return dict(depth);
            } else if (c == '(' || c == '[') {
                return sequence(depth);
            } else if (c == '\'' || c == '"') {
                return new PyStr(string());
            } else if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
                return number();
            } else if (Character.isLetter(c)) {
                int start = pos;
                while (Character.isLetterOrDigit(peek()) || peek() == '_') {
                    pos++;
                }
                String word = text.substring(start, pos);
                if (word.equals("True") || word.equals("False") || word.equals("None")) {
                    return new PyWord(word);
                }
                pos = start;
                throw error("unknown name " + Json.display(word));
            }
            throw error("unexpected " + describeHere());
        }

        private PyDict dict(int depth) throws SyntaxError {
            pos++;
            Map<String, Py> entries = new LinkedHashMap<>();
            while (true) {
                skipWhitespace();
                if (peek() == '}') {
                    pos++;
                    return new PyDict(entries);
                }
                int keyAt = pos;
                if (!(value(depth + 1) instanceof PyStr(String key))) {
                    pos = keyAt;
                    throw error("dict key is not a string");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Py v = value(depth + 1);
                if (entries.putIfAbsent(key, v) != null) {
                    pos = keyAt;
                    throw error("duplicate key " + Json.display(key));
                }
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("unexpected " + describeHere() + ", expected ',' or '}'");
                }
            }
        }

        /** A tuple or list; {@code (x)} without a comma is just {@code x}, as in Python. */
        private Py sequence(int depth) throws SyntaxError {
            char close = text.charAt(pos) == '(' ? ')' : ']';
            pos++;
            List<Py> items = new ArrayList<>();
            boolean sawComma = false;
            while (true) {
                skipWhitespace();
                if (peek() == close) {
                    pos++;
                    if (close == ')' && items.size() == 1 && !sawComma) {
                        return items.getFirst();
                    }
                    return new PySeq(close == ')', items);
                }
                items.add(value(depth + 1));
                skipWhitespace();
                if (peek() == ',') {
                    sawComma = true;
                    pos++;
                } else if (peek() != close) {
                    throw error("unexpected " + describeHere() + ", expected ',' or '" + close + "'");
                }
            }
        }

        private String string() throws SyntaxError {
            char quote = text.charAt(pos);
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos);
                if (c == '\\') {
                    throw error("escape sequences in strings are not supported");
                }
                if (c == '\n' || c == '\r') {
                    throw error("unterminated string");
                }
                pos++;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            return text.substring(start, pos++);
        }

        private PyNum number() throws SyntaxError {
            int start = pos;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            boolean digits = false;
            while (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E'
                    || ((peek() == '+' || peek() == '-') && (text.charAt(pos - 1) | 0x20) == 'e')) {
                digits |= peek() >= '0' && peek() <= '9';
                if (!(peek() >= '0' && peek() <= '9') && Character.isDigit(peek())) {
                    throw error("non-ASCII digit");
                }
                pos++;
            }
            String number = text.substring(start, pos);
            if (!digits || !number.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                pos = start;
                throw error("malformed number");
            }
            return new PyNum(number);
        }

        private void expect(char c) throws SyntaxError {
            if (peek() != c) {
                throw error("unexpected " + describeHere() + ", expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipWhitespace() {
            while (pos < text.length() && " \t\n\r\f".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String describeHere() {
            if (pos >= text.length()) {
                return "end of header";
            }
            char c = text.charAt(pos);
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }

        SyntaxError error(String message) {
            return new SyntaxError(message + " at character " + pos);
        }
    }
}
