package kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Json.Value v = Json.parse(" {\"a\":[1,-0.5e+3,true,false,null],\"b\":{},\"c\":[],\"d\":\"x\\u00e9\\ud83d\\ude00\\n\\/\"}\r\n");
        Map<String, Json.Value> m = ((Json.Obj) v).members();
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(m.keySet()));
        assertEquals(List.of(new Json.Num("1"), new Json.Num("-0.5e+3"), new Json.Bool(true), new Json.Bool(false),
                Json.Null.INSTANCE), ((Json.Arr) m.get("a")).elements());
        assertEquals(new Json.Str("xé😀\n/"), m.get("d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "12", "1.5", "1e9", "1E-9", "-12.25e+02", "\"\"", "[]", "{}", "[[[]]]", "null"})
    void acceptsValidTexts(String text) throws Exception {
        Json.parse(text);
    }

    /** Everything RFC 8259 forbids, plus the two rules this parser adds (duplicates, lone surrogates). */
    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1}x",
        "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "tru", "nul", "True",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"", "\"nl\nhere\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"a\":1,\"a\":2}", "/* c */ {}", "{} {}",
        "\u00a0{}", "\ufeff{}", "[\"\\u0000\"] \u0000",
    })
    void rejectsInvalidTexts(String text) {
        assertThrows(Json.ParseException.class, () -> Json.parse(text));
    }

    @Test
    void reportsWhereADuplicateKeyIs() {
        Json.ParseException e = assertThrows(Json.ParseException.class,
                () -> Json.parse("{\"t\":{\"x\":[{\"k\":1,\"k\":2}]}}"));
        assertEquals("k", e.duplicateKey);
        assertEquals(List.of("t", "x", 0), e.path);
        assertTrue(e.getMessage().contains("\"t\"\"x\"[0]"), e.getMessage());
        Json.ParseException top = assertThrows(Json.ParseException.class, () -> Json.parse("{\"a\":1, \"a\":1}"));
        assertEquals(List.of(), top.path);
        assertEquals(8, top.offset);
    }

    @Test
    void capsNestingInsteadOfOverflowingTheStack() throws Exception {
        int ok = Json.MAX_DEPTH;
        Json.parse("[".repeat(ok) + "]".repeat(ok));
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Test
    void writesCompactlyAndRoundTrips() throws Exception {
        Map<String, Json.Value> members = new LinkedHashMap<>();
        members.put("q\"\\", new Json.Str("\u0001\b\f\n\r\t/é😀"));
        members.put("n", new Json.Arr(List.of(new Json.Num("0"), new Json.Num("-1.5"), Json.Null.INSTANCE, new Json.Bool(true))));
        Json.Obj obj = new Json.Obj(members);
        String text = Json.write(obj);
        assertEquals("{\"q\\\"\\\\\":\"\\u0001\\b\\f\\n\\r\\t/é😀\",\"n\":[0,-1.5,null,true]}", text);
        assertEquals(obj, Json.parse(text));
    }

    @Test
    void refusesToWriteUnpairedSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Json.Str("a\uDC00")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Json.Str("\uD800")));
    }

    @Test
    void displayNeverThrowsAndStaysOnOneLine() {
        assertEquals("\"a\\u000ab\\ud800\"", Json.display("a\nb\uD800"));
        String shown = Json.display("x".repeat(79) + "😀" + "y");
        assertTrue(shown.endsWith("...\""), shown);
    }
}
