package kiln.runtime.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and compact writer: just what the safetensors header needs,
 * because the runtime ships inside model jars and may not depend on a JSON library.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no leading zeros, no bare control
 * characters in strings, only the four RFC whitespace characters, one value per text. Two rules go beyond
 * the RFC's "should": duplicate keys and unpaired UTF-16 surrogates (from {@code \\u} escapes) are errors,
 * since a later reader could silently pick a different member or mangle a name. Nesting is capped so a
 * hostile header cannot overflow the stack. Numbers keep their text: converting them is the caller's
 * business, and keeping the text means a 100-megabyte digit string costs nothing until someone asks.
 */
final class Json {
    /** Deeper nesting than this is rejected (the same limit serde_json uses). */
    static final int MAX_DEPTH = 128;

    private Json() {
    }

    /** A JSON value. Objects keep their members in text order. */
    sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    }

    record Obj(Map<String, Value> members) implements Value {
        Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    record Arr(List<Value> elements) implements Value {
        Arr {
            elements = List.copyOf(elements);
        }
    }

    record Str(String value) implements Value {
    }

    /** A number as written; {@link #isNonNegativeInteger()} tells whether it is a plain digit string. */
    record Num(String text) implements Value {
        boolean isNonNegativeInteger() {
            return text.chars().allMatch(c -> c >= '0' && c <= '9');
        }
    }

    record Bool(boolean value) implements Value {
    }

    enum Null implements Value {
        INSTANCE
    }

    /**
     * Syntax error at a character offset. {@code path} names the members (and {@code [i]} array slots)
     * leading to where the error was found; {@code duplicateKey} is set when the error is a repeated key.
     */
    static final class ParseException extends Exception {
        final int offset;
        final List<String> path;
        final String duplicateKey;

        ParseException(String message, int offset, List<String> path, String duplicateKey) {
            super(message + " at character " + offset + (path.isEmpty() ? "" : " (in " + String.join(".", path) + ")"));
            this.offset = offset;
            this.path = List.copyOf(path);
            this.duplicateKey = duplicateKey;
        }
    }

    /** Parses one JSON text. */
    static Value parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Value v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the value");
        }
        return v;
    }

    /** Writes a value compactly (no whitespace), members in map order. */
    static String write(Value value) {
        StringBuilder sb = new StringBuilder();
        writeTo(sb, value);
        return sb.toString();
    }

    private static void writeTo(StringBuilder sb, Value value) {
        switch (value) {
            case Obj o -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> m : o.members().entrySet()) {
                    sb.append(first ? "" : ",");
                    quote(sb, m.getKey());
                    sb.append(':');
                    writeTo(sb, m.getValue());
                    first = false;
                }
                sb.append('}');
            }
            case Arr a -> {
                sb.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    writeTo(sb, a.elements().get(i));
                }
                sb.append(']');
            }
            case Str s -> quote(sb, s.value());
            case Num n -> sb.append(n.text());
            case Bool b -> sb.append(b.value());
            case Null n -> sb.append("null");
        }
    }

    /** Appends {@code s} as a JSON string; throws IllegalArgumentException on an unpaired surrogate. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("string has an unpaired surrogate at index " + i
                                + ", so it cannot be written as UTF-8");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Recursive descent over the text; {@code path} tracks where we are for error messages. */
    private static final class Parser {
        private final String text;
        private final Deque<String> path = new ArrayDeque<>();
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Value value(int depth) throws ParseException {
            if (depth >= MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= text.length()) {
                throw error("unexpected end of text, expected a value");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> new Str(string());
                case 't' -> literal("true", new Bool(true));
                case 'f' -> literal("false", new Bool(false));
                case 'n' -> literal("null", Null.INSTANCE);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected " + describeHere() + ", expected a value");
                }
            };
        }

        private Obj object(int depth) throws ParseException {
            pos++;
            Map<String, Value> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new Obj(members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("unexpected " + describeHere() + ", expected a member name in quotes");
                }
                int keyStart = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                path.addLast(key);
                Value v = value(depth + 1);
                path.removeLast();
                if (members.putIfAbsent(key, v) != null) {
                    throw new ParseException("duplicate key " + quoted(key), keyStart, pathList(), key);
                }
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return new Obj(members);
                }
                if (c != ',') {
                    pos--;
                    throw error("unexpected " + describeHere() + ", expected ',' or '}'");
                }
            }
        }

        private Arr array(int depth) throws ParseException {
            pos++;
            List<Value> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new Arr(elements);
            }
            while (true) {
                skipWhitespace();
                path.addLast("[" + elements.size() + "]");
                elements.add(value(depth + 1));
                path.removeLast();
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return new Arr(elements);
                }
                if (c != ',') {
                    pos--;
                    throw error("unexpected " + describeHere() + ", expected ',' or ']'");
                }
            }
        }

        private String string() throws ParseException {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                } else if (c == '\\') {
                    escape(sb);
                } else if (c < 0x20) {
                    throw error("control character U+" + String.format("%04X", (int) c) + " in a string must be escaped");
                } else {
                    sb.append(c);
                    pos++;
                }
            }
        }

        private void escape(StringBuilder sb) throws ParseException {
            if (pos + 1 >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) {
                            throw error("unpaired high surrogate \\u" + hex(u));
                        }
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("high surrogate \\u" + hex(u) + " not followed by a low surrogate");
                        }
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("unpaired low surrogate \\u" + hex(u));
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos -= 1;
                    throw error("invalid escape \\" + printable(e));
                }
            }
        }

        private char hex4() throws ParseException {
            if (pos + 4 > text.length()) {
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(text.charAt(pos + i), 16);
                if (d < 0 || text.charAt(pos + i) > 'f') {
                    throw error("invalid hex digit in \\u escape");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Num number() throws ParseException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("expected a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after the decimal point");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent");
                }
                digits();
            }
            if (isDigit(peek())) {
                throw error("leading zeros are not allowed");
            }
            return new Num(text.substring(start, pos));
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Value literal(String word, Value v) throws ParseException {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected " + describeHere() + ", expected a value");
            }
            pos += word.length();
            return v;
        }

        private void expect(char c) throws ParseException {
            if (peek() != c) {
                throw error("unexpected " + describeHere() + ", expected '" + c + "'");
            }
            pos++;
        }

        /** The current character, or U+0000 at the end (never valid where a structural character is wanted). */
        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        String describeHere() {
            return pos >= text.length() ? "end of text" : "character " + printable(text.charAt(pos));
        }

        ParseException error(String message) {
            return new ParseException(message, pos, pathList(), null);
        }

        private List<String> pathList() {
            return new ArrayList<>(path);
        }

        private static String printable(char c) {
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex(c);
        }

        private static String hex(char c) {
            return String.format("%04X", (int) c);
        }

        private static String quoted(String s) {
            StringBuilder sb = new StringBuilder();
            quote(sb, s.length() > 80 ? s.substring(0, 80) + "..." : s);
            return sb.toString();
        }
    }
}
