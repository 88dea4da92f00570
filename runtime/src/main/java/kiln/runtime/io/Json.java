package kiln.runtime.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer: what the safetensors header and a compiled model's
 * metadata need, because the runtime ships inside model jars and may not depend on a JSON library.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no leading zeros, no bare control
 * characters in strings, only the four RFC whitespace characters, one value per text. Two rules go beyond
 * the RFC's "should": duplicate keys and unpaired UTF-16 surrogates (from {@code \\u} escapes) are errors,
 * since a later reader could silently pick a different member or mangle a name. Nesting is capped so a
 * hostile header cannot overflow the stack. Numbers keep their text: converting them is the caller's
 * business, and keeping the text means a 100-megabyte digit string costs nothing until someone asks.
 */
public final class Json {
    /** Deeper nesting than this is rejected (the same limit serde_json uses). */
    static final int MAX_DEPTH = 128;

    private Json() {
    }

    /** A JSON value. Objects keep their members in text order. */
    public sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    }

    public record Obj(Map<String, Value> members) implements Value {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    public record Arr(List<Value> elements) implements Value {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    public record Str(String value) implements Value {
    }

    /** A number as written; {@link #isNonNegativeInteger()} tells whether it is a plain digit string. */
    public record Num(String text) implements Value {
        /** The integer {@code v}. */
        public static Num of(long v) {
            return new Num(Long.toString(v));
        }

        public boolean isNonNegativeInteger() {
            return text.chars().allMatch(c -> c >= '0' && c <= '9');
        }
    }

    public record Bool(boolean value) implements Value {
    }

    public enum Null implements Value {
        INSTANCE
    }

    /**
     * Syntax error at a character offset. {@code path} holds the member names (String) and array indices
     * (Integer) leading to where the error was found; {@code duplicateKey} is set for a repeated key.
     */
    public static final class ParseException extends Exception {
        final int offset;
        final List<Object> path;
        final String duplicateKey;

        ParseException(String message, int offset, List<Object> path, String duplicateKey) {
            super(message + " at character " + offset + (path.isEmpty() ? "" : " (in " + render(path) + ")"));
            this.offset = offset;
            this.path = List.copyOf(path);
            this.duplicateKey = duplicateKey;
        }

        /** Member names quoted, array slots as {@code [i]}: {@code "w"[0]}; long paths keep both ends. */
        private static String render(List<Object> path) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < path.size(); i++) {
                if (path.size() > 8 && i >= 4 && i < path.size() - 3) {
                    sb.append(i == 4 ? "..." : "");
                    continue;
                }
                sb.append(path.get(i) instanceof String key ? display(key) : "[" + path.get(i) + "]");
            }
            return sb.toString();
        }
    }

    /** Parses one JSON text. */
    public static Value parse(String text) throws ParseException {
        return JsonParser.parse(text);
    }

    /** Writes a value compactly (no whitespace), members in map order. */
    public static String write(Value value) {
        StringBuilder sb = new StringBuilder();
        writeTo(sb, value);
        return sb.toString();
    }

    /**
     * Writes a value for people to read: two-space indentation, one member or element per line, except that
     * flat values — arrays and objects holding only numbers, strings, booleans, nulls and arrays of those —
     * stay on one line; members in map order; a final newline.
     */
    public static String writeIndented(Value value) {
        StringBuilder sb = new StringBuilder();
        writeIndented(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void writeIndented(StringBuilder sb, Value value, int depth) {
        switch (value) {
            case Obj o when !o.members().isEmpty() && !o.members().values().stream().allMatch(Json::flat) -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> m : o.members().entrySet()) {
                    sb.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                    quote(sb, m.getKey());
                    sb.append(": ");
                    writeIndented(sb, m.getValue(), depth + 1);
                    first = false;
                }
                sb.append('\n').append("  ".repeat(depth)).append('}');
            }
            case Arr a when !a.elements().stream().allMatch(Json::scalar) -> {
                sb.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                    writeIndented(sb, a.elements().get(i), depth + 1);
                }
                sb.append('\n').append("  ".repeat(depth)).append(']');
            }
            case Obj o -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Value> m : o.members().entrySet()) {
                    sb.append(first ? "" : ", ");
                    quote(sb, m.getKey());
                    sb.append(": ");
                    writeIndented(sb, m.getValue(), depth + 1);
                    first = false;
                }
                sb.append('}');
            }
            case Arr a -> {
                sb.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    sb.append(i == 0 ? "" : ", ");
                    writeTo(sb, a.elements().get(i));
                }
                sb.append(']');
            }
            case Str s -> writeTo(sb, s);
            case Num n -> writeTo(sb, n);
            case Bool b -> writeTo(sb, b);
            case Null n -> writeTo(sb, n);
        }
    }

    private static boolean scalar(Value v) {
        return !(v instanceof Obj || v instanceof Arr);
    }

    /** A scalar, or an array of scalars. */
    private static boolean flat(Value v) {
        return v instanceof Arr a ? a.elements().stream().allMatch(Json::scalar) : scalar(v);
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

    /**
     * A string for an error message: quoted, control characters and lone surrogates escaped, cut to 80
     * characters. Never throws, whatever the string holds.
     */
    public static String display(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(s.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairStart) {
                sb.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
            }
        }
        return sb.append(s.length() > limit ? "...\"" : "\"").toString();
    }
}
