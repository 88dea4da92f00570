package kiln.frontend.diag;

/**
 * Every diagnostic the Kiln language reports, with its stable code. Tests and tools branch on the code,
 * never on the wording. A new kind of error gets a new number; an old number is never reused.
 *
 * <p>K01xx: characters and syntax. K02xx: names and declarations. K03xx: imports and files. K04xx: values
 * (types of arguments, integer arithmetic, indices). K05xx: operators and tensor shapes. K06xx: limits.
 */
public enum Code {
    UNEXPECTED_CHARACTER("K0101", "a character that starts no token"),
    UNTERMINATED_STRING("K0102", "a string without its closing quote on the same line"),
    MALFORMED_NUMBER("K0103", "digits running into letters, e.g. 12abc"),
    BAD_ESCAPE("K0104", "a backslash escape other than \\\" \\\\ \\n \\t"),
    UNEXPECTED_TOKEN("K0110", "a token where the grammar expects another"),
    MISSING_TOKEN("K0111", "a token the grammar needs is missing"),
    TOO_DEEP("K0120", "brackets or expressions nested too deeply"),
    NUMBER_OUT_OF_RANGE("K0121", "an integer literal beyond 64 bits, or a float beyond the double range"),
    FILE_TOO_LARGE("K0122", "a source file beyond the size limit"),

    UNDEFINED_NAME("K0201", "a name that no let, param, input, block argument or loop defines"),
    UNKNOWN_FUNCTION("K0202", "a call of something that is neither an operator nor a block"),
    UNKNOWN_KEYWORD("K0203", "a keyword argument the operator or block does not have"),
    DUPLICATE_ARGUMENT("K0204", "an argument given twice"),
    MISSING_ARGUMENT("K0205", "a required argument that is not given"),
    TOO_MANY_ARGUMENTS("K0206", "more positional arguments than the operator or block takes"),
    POSITIONAL_AFTER_KEYWORD("K0207", "a positional argument after a keyword argument"),
    REDEFINED_NAME("K0208", "a second definition of a name in the same scope"),
    DUPLICATE_BLOCK("K0209", "two blocks of the same name"),
    UNKNOWN_TYPE("K0210", "a block argument type that is not int, float, bool, ints, string or tensor"),
    UNKNOWN_DTYPE("K0211", "an element type that is not f32, f64, i64, i32, i8, bool or c64"),
    ASSIGN_UNDEFINED("K0212", "an assignment to a name that no let defines"),
    MISPLACED_STATEMENT("K0213", "input or output outside a model, return outside a block"),
    RETURN_NOT_LAST("K0214", "a return that is not the last statement of its block"),
    RECURSIVE_BLOCK("K0216", "a block that instantiates itself"),
    NO_MODEL("K0217", "a file run or checked as a model that declares no model"),
    SEVERAL_MODELS("K0218", "a file with more than one model"),
    NO_OUTPUTS("K0219", "a model without outputs"),
    DUPLICATE_OUTPUT("K0220", "two outputs of the same name"),
    RESERVED_NAME("K0222", "a definition of N, a dtype name or a builtin constant"),
    MISPLACED_INSTANCE_NAME("K0223", "'as NAME' on a call of a built-in operator"),
    AMBIGUOUS_BLOCK("K0224", "a block name imported from two files"),
    INDEXED_PARAM_STATEMENT("K0225", "a param statement with an indexed name, which could not be a variable"),

    IMPORT_NOT_FOUND("K0301", "an import of a file that does not exist"),
    IMPORT_CYCLE("K0302", "files that import each other"),
    UNREADABLE_FILE("K0303", "a source file that cannot be read or is not UTF-8"),

    TYPE_MISMATCH("K0401", "a value of the wrong kind, e.g. a tensor where an int belongs"),
    INEXACT_DIVISION("K0402", "an integer division a / b that leaves a remainder"),
    DIVISION_BY_ZERO("K0403", "a division or modulo by zero"),
    INTEGER_OVERFLOW("K0404", "integer arithmetic beyond 64 bits"),
    INDEX_OUT_OF_RANGE("K0405", "a list index or axis outside its range"),
    BAD_VALUE("K0406", "an argument of the right kind but an unacceptable value"),
    BATCH_ARITHMETIC("K0407", "the symbolic batch size N where a number is needed"),
    DESTRUCTURE_COUNT("K0408", "a let or assignment of several names from a different number of values"),
    BAD_SHAPE("K0409", "a declared shape with a negative dimension, or N where it is not allowed"),

    OP_REJECTS_INPUTS("K0501", "an operator that does not accept the shapes or types of its inputs"),
    OUTPUT_TYPE_MISMATCH("K0502", "a model output whose type differs from its declaration"),
    DUPLICATE_PARAMETER("K0503", "two parameters with the same full name"),

    TOO_LARGE("K0601", "a model, list or constant beyond the size limits"),
    TOO_MANY_STEPS("K0602", "a model whose loops run for too long"),
    INSTANTIATION_TOO_DEEP("K0603", "blocks instantiated inside each other too deeply");

    private final String code;
    private final String summary;

    Code(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** The stable code, e.g. {@code K0202}. */
    public String code() {
        return code;
    }

    /** What the code means, in a few words (for documentation and {@code kiln check --help}). */
    public String summary() {
        return summary;
    }
}
