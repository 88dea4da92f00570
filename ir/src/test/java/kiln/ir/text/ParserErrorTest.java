package kiln.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import kiln.ir.graph.IrException;
import kiln.ir.text.IrSyntaxException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every diagnostic is located (line and column), coded, and says what is wrong. */
class ParserErrorTest {
    /** Two lines that most cases build on; the case's own statements start on line 3. */
    private static final String HEAD = "graph g {\n  input %x: f32[N, 2, 4, 4]\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // lexical
                c("unexpected character", HEAD + "  %y = relu(%x) $\n", Kind.UNEXPECTED_CHARACTER, 3, 17,
                        "unexpected character '$'"),
                c("unterminated string", HEAD + "  %y = relu(%x)\n  output \"y = %y\n}\n", Kind.UNTERMINATED_STRING, 4,
                        10, "unterminated string"),
                c("bad escape", HEAD + "  %\"a\\qb\" = relu(%x)\n", Kind.BAD_ESCAPE, 3, 6,
                        "unknown escape; use \\\", \\\\, \\n, \\r, \\t or \\uXXXX"),
                c("malformed number", HEAD + "  %y = leaky_relu(%x) {alpha=1.}\n", Kind.MALFORMED_NUMBER, 3, 30,
                        "malformed number '1.'"),
                c("number glued to letters", HEAD + "  %y = softmax(%x) {axis=12abc}\n", Kind.MALFORMED_NUMBER, 3,
                        26, "malformed number '12abc'"),
                // syntax
                c("missing colon in input", "graph g {\n  input %x f32[2]\n}\n", Kind.UNEXPECTED_TOKEN, 2, 12,
                        "expected ':' and a type, found 'f32'"),
                c("file must start with graph", "model g {}\n", Kind.UNEXPECTED_TOKEN, 1, 1,
                        "expected 'graph', found 'model'"),
                c("end of input inside the graph", HEAD + "  %y = relu(%x)\n", Kind.UNEXPECTED_TOKEN, 3, 16,
                        "expected a statement (input, param, output or %name = op(...)) or '}', found end of input"),
                c("missing closing parenthesis", HEAD + "  %y = add(%x, %x\n  output y = %y\n}\n",
                        Kind.UNEXPECTED_TOKEN, 4, 3, "expected ',' or ')', found 'output'"),
                c("trailing garbage", HEAD + "  output y = %x\n}\n}\n", Kind.TRAILING_INPUT, 5, 1,
                        "unexpected '}' after the end of graph g"),
                c("percent without a name", HEAD + "  % = relu(%x)\n", Kind.UNEXPECTED_TOKEN, 3, 3,
                        "expected a value name after '%'"),
                // names and values
                c("undefined value", HEAD + "  %y = relu(%xx)\n", Kind.UNDEFINED_VALUE, 3, 13,
                        "undefined value %xx; did you mean %x?"),
                c("redefined value", HEAD + "  %x = relu(%x)\n", Kind.REDEFINED_VALUE, 3, 3,
                        "%x is already defined at 2:9"),
                c("result named twice", HEAD + "  %a, %a = split(%x) {axis=1, sizes=[1, 1]}\n", Kind.REDEFINED_VALUE,
                        3, 7, "%a is named twice"),
                c("duplicate output", HEAD + "  output y = %x\n  output y = %x\n}\n", Kind.DUPLICATE_OUTPUT, 4, 10,
                        "output y is already defined"),
                c("no outputs", HEAD + "  %y = relu(%x)\n}\n", Kind.NO_OUTPUTS, 4, 1,
                        "graph g has no outputs; add one like: output y = %value"),
                c("empty value name", HEAD + "  %\"\" = relu(%x)\n", Kind.EMPTY_NAME, 3, 3,
                        "a value name must not be empty"),
                // ops and attributes
                c("unknown op", HEAD + "  %y = reluu(%x)\n", Kind.UNKNOWN_OP, 3, 8,
                        "unknown op 'reluu'; did you mean 'relu'?"),
                c("unknown attribute", HEAD + "  %y = max_pool(%x) {kernel=[2, 2], stride=[2, 2]}\n",
                        Kind.UNKNOWN_ATTRIBUTE, 3, 37, "max_pool: unknown attribute 'stride'; did you mean 'strides'?"),
                c("attribute of an op without attributes", HEAD + "  %y = relu(%x) {alpha=1.0}\n",
                        Kind.UNKNOWN_ATTRIBUTE, 3, 18, "relu: unknown attribute 'alpha'; relu has no attributes"),
                c("name-implied kind is no attribute", HEAD + "  %y = max_pool(%x) {kernel=[2, 2], kind=avg}\n",
                        Kind.UNKNOWN_ATTRIBUTE, 3, 37,
                        "max_pool: unknown attribute 'kind'; the attributes of max_pool are kernel, strides, pads_begin,"
                                + " pads_end, dilations, ceil_mode, count_include_pad"),
                c("missing attribute", HEAD + "  %a, %b = split(%x) {axis=1}\n", Kind.MISSING_ATTRIBUTE, 3, 12,
                        "split: missing attribute 'sizes' (a list of integers)"),
                c("duplicate attribute", HEAD + "  %y = softmax(%x) {axis=1, axis=2}\n", Kind.DUPLICATE_ATTRIBUTE, 3,
                        29, "softmax: attribute 'axis' is given twice"),
                c("double where an int belongs", HEAD + "  %y = softmax(%x) {axis=1.5}\n", Kind.BAD_ATTRIBUTE_VALUE, 3,
                        26, "softmax: attribute 'axis' expects an integer, found number 1.5"),
                c("unknown enum value", HEAD + "  %y = pad(%x) {mode=mirror, pads_begin=[0, 0, 1, 1],"
                        + " pads_end=[0, 0, 1, 1]}\n", Kind.BAD_ATTRIBUTE_VALUE, 3, 22,
                        "pad: attribute 'mode' expects one of constant, reflect, edge, found 'mirror'"),
                c("list where a boolean belongs", HEAD + "  %y = reduce_sum(%x) {keep_dims=[1]}\n",
                        Kind.BAD_ATTRIBUTE_VALUE, 3, 34,
                        "reduce_sum: attribute 'keep_dims' expects true or false, found '['"),
                c("word in a list of numbers", HEAD + "  %y = resize(%x) {sizes=[N, 2, 8, 8], scales=[1.0, one]}\n",
                        Kind.BAD_ATTRIBUTE_VALUE, 3, 53, "resize: attribute 'scales' expects a number, found 'one'"),
                c("resize of another rank", HEAD + "  %y = resize(%x) {sizes=[N, 2, 8]}\n", Kind.TYPE_INFERENCE, 3, 8,
                        "resize: sizes [N, 2, 8] do not have the rank of f32[N, 2, 4, 4]"),
                c("attributes the op rejects", HEAD + "  param %w: f32[2, 2, 3, 3]\n  %y = conv(%x, %w) {groups=0}\n",
                        Kind.INVALID_ATTRIBUTES, 4, 8, "conv: groups must be positive, got 0"),
                c("inputs the op rejects", HEAD + "  input %i: i64[2]\n  %y = add(%x, %i)\n",
                        Kind.TYPE_INFERENCE, 4, 8, "add: element types differ: f32[N, 2, 4, 4] and i64[2]"),
                c("wrong arity", HEAD + "  %y = relu(%x, %x)\n", Kind.TYPE_INFERENCE, 3, 8,
                        "relu: expects 1 inputs, got 2"),
                c("too few result names", HEAD + "  %a = split(%x) {axis=1, sizes=[1, 1]}\n", Kind.RESULT_COUNT, 3, 3,
                        "split gives 2 results, but 1 names are given"),
                c("too few result types", HEAD + "  %a, %b = split(%x) {axis=1, sizes=[1, 1]} : f32[N, 1, 4, 4]\n}\n",
                        Kind.RESULT_COUNT, 3, 45, "split gives 2 results, but only 1 type is declared"),
                // types and literals
                c("declared type differs", HEAD + "  %y = relu(%x) : f32[N, 2, 4, 5]\n", Kind.TYPE_MISMATCH, 3, 19,
                        "declared type f32[N, 2, 4, 5] but relu gives f32[N, 2, 4, 4]"),
                c("unknown dtype", "graph g {\n  input %x: f16[2]\n}\n", Kind.UNKNOWN_DTYPE, 2, 13,
                        "unknown dtype 'f16'; the dtypes are f32, f64, i64, i32, i8, bool, c64"),
                c("misspelt dtype", "graph g {\n  input %x: F32[2]\n}\n", Kind.UNKNOWN_DTYPE, 2, 13,
                        "unknown dtype 'F32'; did you mean 'f32'?; the dtypes are f32, f64, i64, i32, i8, bool, c64"),
                c("negative dimension", "graph g {\n  input %x: f32[2, -3]\n}\n", Kind.BAD_DIMENSION, 2, 20,
                        "dimension -3 is negative"),
                c("symbolic shape in a constant", HEAD + "  %c = constant {value=f32[N] [1.0]}\n", Kind.BAD_DIMENSION,
                        3, 28, "a tensor literal needs a static shape, not N"),
                c("too few tensor values", HEAD + "  %c = constant {value=f32[2, 2] [1.0, 2.0, 3.0]}\n",
                        Kind.TENSOR_SIZE, 3, 48, "f32[2, 2] holds 4 values, the list has 3"),
                c("too many tensor values", HEAD + "  %c = constant {value=f32[2] [1.0, 2.0, 3.0]}\n",
                        Kind.TENSOR_SIZE, 3, 42, "f32[2] holds 2 values, the list has more"),
                c("int attribute out of range", HEAD + "  %y = softmax(%x) {axis=99999999999}\n",
                        Kind.NUMBER_OUT_OF_RANGE, 3, 26,
                        "integer 99999999999 is out of range for an int (-2147483648 to 2147483647)"),
                c("i8 element out of range", HEAD + "  %c = constant {value=i8[2] [1, 128]}\n",
                        Kind.NUMBER_OUT_OF_RANGE, 3, 34, "integer 128 is out of range for i8 (-128 to 127)"),
                c("f32 overflow", HEAD + "  %c = constant {value=f32[] 1e39}\n", Kind.NUMBER_OUT_OF_RANGE, 3, 30,
                        "number 1e39 is out of range for f32; write inf for infinity"),
                c("NaN bits that are not a NaN", HEAD + "  %c = constant {value=f32[] nan(0x3f800000)}\n",
                        Kind.NUMBER_OUT_OF_RANGE, 3, 34, "0x3f800000 is not the bits of an f32 NaN"));
    }

    private static Arguments c(String name, String source, Kind kind, int line, int column, String detail) {
        return Arguments.of(name, source, kind, line, column, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isLocated(String name, String source, Kind kind, int line, int column, String detail) {
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> IrParser.parse(source, "t.kir"));
        assertEquals(kind.code() + " " + line + ":" + column + " " + detail,
                e.kind().code() + " " + e.line() + ":" + e.column() + " " + e.detail(), e.getMessage());
    }

    @Test
    void messageShowsLocationLineAndCaret() {
        IrSyntaxException e = assertThrows(IrSyntaxException.class,
                () -> IrParser.parse(HEAD + "  %y = reluu(%x)\n", "model.kir"));
        assertEquals("""
                model.kir:3:8: unknown op 'reluu'; did you mean 'relu'? [IT401]
                  %y = reluu(%x)
                       ^""", e.getMessage());
        assertEquals("model.kir", e.fileName());
        assertEquals("  %y = reluu(%x)", e.sourceLine());
    }

    @Test
    void caretCountsCodePointsAndKeepsTabs() {
        IrSyntaxException e = assertThrows(IrSyntaxException.class,
                () -> IrParser.parse("graph g {\n\t%\"\uD835\uDC9C\" = relu(%nope)\n}\n", "t.kir"));
        assertEquals(2, e.line());
        assertEquals(14, e.column());
        assertEquals("\t%\"\uD835\uDC9C\" = relu(%nope)\n\t            ^", e.getMessage().lines().skip(1)
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
    }

    @Test
    void longLinesAreCutAroundTheColumn() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            values.append(i == 0 ? "" : ", ").append("1.0");
        }
        String source = HEAD + "  %c = constant {value=f32[10000] [" + values + ", x]}\n";
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> IrParser.parse(source, "t.kir"));
        assertEquals(Kind.TENSOR_SIZE, e.kind());
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length);
        assertEquals(lines[2].length() - 1, lines[1].indexOf(", x]}") + 2, e.getMessage());
        assertTrue(lines[1].length() < 200, e.getMessage());
    }

    /** A failure inside the graph package's inference that is not an IrException is still located. */
    @Test
    void arithmeticOverflowInInferenceIsLocated() {
        String source = "graph g {\n  input %a: f32[2147483647]\n  input %b: f32[2147483647]\n"
                + "  %c = concat(%a, %b) {axis=0}\n  output c = %c\n}\n";
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> IrParser.parse(source, "t.kir"));
        assertEquals(Kind.TYPE_INFERENCE, e.kind());
        assertEquals("4:8", e.line() + ":" + e.column());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String source = HEAD + "  %y = softmax(%x) {axis=" + "[".repeat(1_000_000) + "}\n";
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> IrParser.parse(source, "t.kir"));
        assertEquals(Kind.BAD_ATTRIBUTE_VALUE, e.kind());
        assertEquals("3:26", e.line() + ":" + e.column());
    }

    @Test
    void isAnIrException() {
        assertThrows(IrException.class, () -> IrParser.parse("", "empty.kir"));
        IrSyntaxException e = assertThrows(IrSyntaxException.class, () -> IrParser.parse("  # nothing\n", null));
        assertEquals("<input>", e.fileName());
        assertEquals("expected 'graph', found end of input", e.detail());
    }
}
