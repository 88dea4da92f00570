package kiln.ir.text;

import kiln.ir.graph.IrException;

/**
 * A Graph IR text file that does not read as a well-formed graph. Carries a {@link Kind} naming the broken
 * rule (tests and tools branch on it, never on the wording), the file name, the 1-based line and column,
 * the source line and a one-line message.
 *
 * <p>{@link #getMessage()} is {@code <file>:<line>:<col>: <detail> [<code>]}, then the source line and a
 * caret under the column:
 * <pre>
 * model.kir:3:8: unknown op 'reluu'; did you mean 'relu'? [IT401]
 *   %1 = reluu(%0)
 *        ^
 * </pre>
 */
public final class IrSyntaxException extends IrException {

    /** What went wrong. Codes are stable: a new kind gets a new number, an old number is never reused. */
    public enum Kind {
        /** A character that starts no token. */
        UNEXPECTED_CHARACTER("IT101"),
        /** A quoted name without its closing quote on the same line. */
        UNTERMINATED_STRING("IT102"),
        /** A backslash escape other than those the printer writes. */
        BAD_ESCAPE("IT103"),
        /** Digits that do not form a number, e.g. {@code 1.} or {@code 12abc}. */
        MALFORMED_NUMBER("IT104"),

        /** A token where the grammar wants another. */
        UNEXPECTED_TOKEN("IT201"),
        /** Anything but comments after the graph's closing brace. */
        TRAILING_INPUT("IT202"),

        /** A use of a value that no earlier statement defines. */
        UNDEFINED_VALUE("IT301"),
        /** A second definition of a value name. */
        REDEFINED_VALUE("IT302"),
        /** Two outputs with the same name. */
        DUPLICATE_OUTPUT("IT303"),
        /** A graph without any output. */
        NO_OUTPUTS("IT304"),
        /** An empty quoted name. */
        EMPTY_NAME("IT305"),

        /** An op name that no op has. */
        UNKNOWN_OP("IT401"),
        /** An attribute the op does not have. */
        UNKNOWN_ATTRIBUTE("IT402"),
        /** A required attribute that is absent and has no default. */
        MISSING_ATTRIBUTE("IT403"),
        /** The same attribute given twice. */
        DUPLICATE_ATTRIBUTE("IT404"),
        /** An attribute value of the wrong kind, e.g. a list where an integer belongs, or an unknown enum value. */
        BAD_ATTRIBUTE_VALUE("IT405"),
        /** Attribute values that each parse but that the op rejects together, e.g. {@code groups=0}. */
        INVALID_ATTRIBUTES("IT406"),
        /** The op does not accept its inputs' types; the message is the op's own. */
        TYPE_INFERENCE("IT407"),
        /** The number of result names differs from the number of results the op gives. */
        RESULT_COUNT("IT408"),

        /** A dtype name that is not a Kiln dtype. */
        UNKNOWN_DTYPE("IT501"),
        /** A dimension that is negative or too large, or {@code N} where a static shape is required. */
        BAD_DIMENSION("IT502"),
        /** A declared result type that differs from the inferred one. */
        TYPE_MISMATCH("IT503"),
        /** A tensor literal with more or fewer values than its shape holds. */
        TENSOR_SIZE("IT504"),
        /** A number that does not fit where it stands (an int attribute, an i8 element, a finite f32). */
        NUMBER_OUT_OF_RANGE("IT505"),

        /** The graph as a whole fails verification for a reason no earlier check caught. */
        INVALID_GRAPH("IT601");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The stable diagnostic code, e.g. {@code IT401}. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final String fileName;
    private final int line;
    private final int column;
    private final String sourceLine;
    private final String detail;

    /**
     * @param line       1-based line
     * @param column     1-based column, counted in code points
     * @param sourceLine the text of that line, without its line terminator
     * @param detail     one line saying what is wrong, without the location
     */
    public IrSyntaxException(Kind kind, String fileName, int line, int column, String sourceLine, String detail) {
        super(format(kind, fileName, line, column, sourceLine, detail));
        this.kind = kind;
        this.fileName = fileName;
        this.line = line;
        this.column = column;
        this.sourceLine = sourceLine;
        this.detail = detail;
    }

    private static String format(Kind kind, String fileName, int line, int column, String sourceLine,
            String detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(fileName).append(':').append(line).append(':').append(column).append(": ").append(detail)
                .append(" [").append(kind.code()).append(']');
        SourceExcerpt excerpt = SourceExcerpt.of(sourceLine, column);
        sb.append('\n').append(excerpt.text()).append('\n').append(excerpt.caret());
        return sb.toString();
    }

    public Kind kind() {
        return kind;
    }

    public String fileName() {
        return fileName;
    }

    /** 1-based. */
    public int line() {
        return line;
    }

    /** 1-based, in code points. */
    public int column() {
        return column;
    }

    public String sourceLine() {
        return sourceLine;
    }

    /** The one-line description without the location and code. */
    public String detail() {
        return detail;
    }
}
