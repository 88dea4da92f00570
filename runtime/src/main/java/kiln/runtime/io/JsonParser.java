package kiln.runtime.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.runtime.io.Json.Arr;
import kiln.runtime.io.Json.Bool;
import kiln.runtime.io.Json.Null;
import kiln.runtime.io.Json.Num;
import kiln.runtime.io.Json.Obj;
import kiln.runtime.io.Json.ParseException;
import kiln.runtime.io.Json.Str;
import kiln.runtime.io.Json.Value;

/**
 * The recursive-descent reader behind {@link Json#parse}; {@code path} tracks where it is, for messages
 * and so callers can tell a duplicate tensor name from a duplicate key deeper down.
 */
final class JsonParser {
    private final String text;
    private final Deque<Object> path = new ArrayDeque<>();
    private int pos;

    private JsonParser(String text) {
        this.text = text;
    }

    static Value parse(String text) throws ParseException {
        JsonParser p = new JsonParser(text);
        p.skipWhitespace();
        Value v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the value");
        }
        return v;
    }

    private Value value(int depth) throws ParseException {
        if (depth >= Json.MAX_DEPTH) {
            throw error("nesting deeper than " + Json.MAX_DEPTH);
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
                throw new ParseException("duplicate key " + Json.display(key), keyStart, pathList(), key);
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
            path.addLast(elements.size());
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
            char c = text.charAt(pos + i);
            int d = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
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

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeHere() {
        return pos >= text.length() ? "end of text" : "character " + printable(text.charAt(pos));
    }

    private ParseException error(String message) {
        return new ParseException(message, pos, pathList(), null);
    }

    private List<Object> pathList() {
        return new ArrayList<>(path);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex(c);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
