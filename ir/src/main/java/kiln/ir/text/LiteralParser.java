package kiln.ir.text;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Spelling;
import kiln.ir.graph.TensorType;
import kiln.ir.text.IrSyntaxException.Kind;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Parses the literal forms: integers, floating-point numbers (bit-exact, with {@code inf}, {@code -inf},
 * {@code nan} and {@code nan(0x...)}), booleans, integer lists, dtypes, shapes, tensor types and tensor
 * literals. None of them nests, so none recurses.
 */
final class LiteralParser {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final TokenStream in;
    /** The attribute being read, e.g. {@code conv: attribute 'groups'}, or null outside attributes. */
    private String attribute;

    LiteralParser(TokenStream in) {
        this.in = in;
    }

    /** Sets the attribute being read, which changes how diagnostics read; null when done. */
    void inAttribute(String description) {
        attribute = description;
    }

    /** A diagnostic for an unexpected token where {@code what} belongs. */
    IrSyntaxException expected(String what) {
        if (attribute == null) {
            return in.unexpected(what);
        }
        return in.error(Kind.BAD_ATTRIBUTE_VALUE, in.peek(),
                attribute + " expects " + what + ", found " + in.peek().describe());
    }

    /** An integer in {@code [min, max]}; {@code range} names the range in the diagnostic (e.g. "i8"). */
    long integer(long min, long max, String range) {
        Token t = in.peek();
        if (!t.is(Token.Kind.NUMBER) || !isDecimalInteger(t.text())) {
            throw expected("an integer");
        }
        in.next();
        String digits = t.text().startsWith("-") ? t.text().substring(1) : t.text();
        int firstNonZero = 0;
        while (firstNonZero < digits.length() - 1 && digits.charAt(firstNonZero) == '0') {
            firstNonZero++;
        }
        try {
            if (digits.length() - firstNonZero <= 19) {
                long v = Long.parseLong(t.text());
                if (v >= min && v <= max) {
                    return v;
                }
            }
        } catch (NumberFormatException e) {
            // out of the long range: reported below
        }
        throw in.error(Kind.NUMBER_OUT_OF_RANGE, t, "integer " + Token.clip(t.text()) + " is out of range for "
                + range + " (" + min + " to " + max + ")");
    }

    int intValue() {
        return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    private static boolean isDecimalInteger(String text) {
        for (int i = text.startsWith("-") ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The bits of an f32 number. */
    int f32Bits() {
        return (int) floating(true);
    }

    /** The bits of an f64 number. */
    long f64Bits() {
        return floating(false);
    }

    private long floating(boolean f32) {
        Token t = in.peek();
        if (t.is(Token.Kind.MINUS)) {
            in.next();
            if (!in.peek().isWord("inf")) {
                throw expected("'inf' after '-'");
            }
            in.next();
            return f32 ? Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) : Double.doubleToRawLongBits(
                    Double.NEGATIVE_INFINITY);
        }
        if (t.isWord("inf")) {
            in.next();
            return f32 ? Float.floatToRawIntBits(Float.POSITIVE_INFINITY) : Double.doubleToRawLongBits(
                    Double.POSITIVE_INFINITY);
        }
        if (t.isWord("nan")) {
            in.next();
            return in.at(Token.Kind.LPAREN) ? nanPayload(f32) : f32 ? NumberSyntax.F32_NAN : NumberSyntax.F64_NAN;
        }
        if (!t.is(Token.Kind.NUMBER) || t.text().contains("x") || t.text().contains("X")) {
            throw expected("a number");
        }
        in.next();
        // The lexer admits only digits, '.', 'e', sign: a subset of what the Java parsers accept.
        try {
            if (f32) {
                float v = Float.parseFloat(t.text());
                if (!Float.isInfinite(v)) {
                    return Float.floatToRawIntBits(v);
                }
            } else {
                double v = Double.parseDouble(t.text());
                if (!Double.isInfinite(v)) {
                    return Double.doubleToRawLongBits(v);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw in.error(Kind.NUMBER_OUT_OF_RANGE, t, "number " + Token.clip(t.text()) + " is out of range for "
                + (f32 ? "f32" : "f64") + "; write inf for infinity");
    }

    /** {@code (0x7fc00001)}: the exact bits of a NaN other than the canonical one. */
    private long nanPayload(boolean f32) {
        in.expect(Token.Kind.LPAREN, "'('");
        Token t = in.peek();
        String text = t.text();
        if (!t.is(Token.Kind.NUMBER) || !(text.startsWith("0x") || text.startsWith("0X"))) {
            throw expected("the hex bits of a NaN, e.g. 0x7fc00001");
        }
        in.next();
        String hex = text.substring(2).replaceFirst("^0+(?=.)", "");
        long bits = 0;
        boolean fits = hex.length() <= (f32 ? 8 : 16);
        if (fits) {
            bits = Long.parseUnsignedLong(hex, 16);
        }
        boolean nan = fits && (f32 ? Float.isNaN(Float.intBitsToFloat((int) bits)) : Double.isNaN(
                Double.longBitsToDouble(bits)));
        if (!nan) {
            throw in.error(Kind.NUMBER_OUT_OF_RANGE, t, Token.clip(text) + " is not the bits of an "
                    + (f32 ? "f32" : "f64") + " NaN");
        }
        in.expect(Token.Kind.RPAREN, "')'");
        return bits;
    }

    boolean bool() {
        if (in.peek().isWord("true") || in.peek().isWord("false")) {
            return in.next().text().equals("true");
        }
        throw expected("true or false");
    }

    List<Integer> intList() {
        if (!in.at(Token.Kind.LBRACKET)) {
            throw expected("a list of integers like [1, 2]");
        }
        in.next();
        List<Integer> out = new ArrayList<>();
        if (!in.accept(Token.Kind.RBRACKET)) {
            do {
                out.add(intValue());
            } while (in.accept(Token.Kind.COMMA));
            if (!in.at(Token.Kind.RBRACKET)) {
                throw expected("',' or ']'");
            }
            in.next();
        }
        return out;
    }

    /** {@code [1.0, 2.5, -inf]}: numbers read as f64 (integers are accepted and widen exactly). */
    List<Double> doubleList() {
        if (!in.at(Token.Kind.LBRACKET)) {
            throw expected("a list of numbers like [1.0, 2.5]");
        }
        in.next();
        List<Double> out = new ArrayList<>();
        if (!in.accept(Token.Kind.RBRACKET)) {
            do {
                out.add(Double.longBitsToDouble(f64Bits()));
            } while (in.accept(Token.Kind.COMMA));
            if (!in.at(Token.Kind.RBRACKET)) {
                throw expected("',' or ']'");
            }
            in.next();
        }
        return out;
    }

    DType dtype() {
        Token t = in.peek();
        if (!t.is(Token.Kind.IDENT)) {
            throw expected("a dtype (" + dtypeNames() + ")");
        }
        DType d = DType.fromText(t.text());
        if (d == null) {
            List<String> names = Arrays.stream(DType.values()).map(DType::text).toList();
            throw in.error(Kind.UNKNOWN_DTYPE, t, "unknown dtype '" + Token.clip(t.text()) + "'"
                    + Spelling.didYouMean(t.text(), names) + "; the dtypes are " + dtypeNames());
        }
        in.next();
        return d;
    }

    private static String dtypeNames() {
        return String.join(", ", Arrays.stream(DType.values()).map(DType::text).toList());
    }

    /** {@code [N, 3, 8, 8]}; {@code N} (the symbolic batch size) only where {@code allowBatch}. */
    Shape shape(boolean allowBatch) {
        if (!in.at(Token.Kind.LBRACKET)) {
            throw expected("a shape like [N, 3, 8, 8]");
        }
        in.next();
        int[] dims = new int[4];
        int rank = 0;
        if (!in.accept(Token.Kind.RBRACKET)) {
            do {
                if (rank == dims.length) {
                    dims = Arrays.copyOf(dims, rank * 2);
                }
                dims[rank++] = dimension(allowBatch);
            } while (in.accept(Token.Kind.COMMA));
            if (!in.at(Token.Kind.RBRACKET)) {
                throw expected("',' or ']'");
            }
            in.next();
        }
        return Shape.of(Arrays.copyOf(dims, rank));
    }

    private int dimension(boolean allowBatch) {
        Token t = in.peek();
        if (t.isWord("N")) {
            if (!allowBatch) {
                throw in.error(Kind.BAD_DIMENSION, t, "a tensor literal needs a static shape, not N");
            }
            in.next();
            return Shape.BATCH;
        }
        if (t.is(Token.Kind.NUMBER) && t.text().startsWith("-") && isDecimalInteger(t.text())) {
            throw in.error(Kind.BAD_DIMENSION, t, "dimension " + Token.clip(t.text()) + " is negative");
        }
        if (!t.is(Token.Kind.NUMBER)) {
            throw expected(allowBatch ? "a dimension (a size or N)" : "a dimension");
        }
        return (int) integer(0, Integer.MAX_VALUE, "a dimension");
    }

    /** {@code f32[N, 3]}. */
    TensorType type() {
        DType d = dtype();
        return new TensorType(d, shape(true));
    }

    /**
     * {@code f32[2, 2] [1.0, 2.0, 3.0, 4.0]}: dtype, static shape, then the elements in C order (c64 as
     * real, imaginary pairs). A scalar of a real dtype may be written bare: {@code f32[] 0.5}.
     */
    Tensor tensor() {
        Token start = in.peek();
        DType d = dtype();
        Shape shape = shape(false);
        long elements = 1;
        for (int dim : shape.dims()) {
            elements = multiplyCapped(elements, dim);
        }
        int per = d == DType.C64 ? 2 : 1;
        long expected = multiplyCapped(elements, per);
        String type = d.text() + shape;
        if (shape.rank() == 0 && per == 1 && !in.at(Token.Kind.LBRACKET)) {
            long[] one = {element(d)};
            return build(d, shape, one);
        }
        if (!in.at(Token.Kind.LBRACKET)) {
            throw expected("the values of " + type + " in brackets");
        }
        Token open = in.next();
        long[] values = new long[(int) Math.min(expected, 1024)];
        int count = 0;
        if (!in.at(Token.Kind.RBRACKET)) {
            do {
                if (count == expected) {
                    throw in.error(Kind.TENSOR_SIZE, in.peek(), type + " holds " + expected + " values"
                            + (per == 2 ? " (real, imaginary pairs)" : "") + ", the list has more");
                }
                if (count == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(expected, 2L * count));
                }
                values[count++] = element(d);
            } while (in.accept(Token.Kind.COMMA));
        }
        if (!in.at(Token.Kind.RBRACKET)) {
            throw expected("',' or ']'");
        }
        Token close = in.next();
        if (count != expected) {
            throw in.error(Kind.TENSOR_SIZE, count == 0 ? open : close, type + " holds " + expected + " values"
                    + (per == 2 ? " (real, imaginary pairs)" : "") + ", the list has " + count);
        }
        if (elements > Integer.MAX_VALUE) {
            throw in.error(Kind.TENSOR_SIZE, start, type + " is too large for a tensor literal");
        }
        return build(d, shape, values);
    }

    /** {@code a * b}, or {@code Long.MAX_VALUE} when that overflows; sizes are non-negative. */
    private static long multiplyCapped(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** One element as bits (floats) or as its value (integers, bool). */
    private long element(DType d) {
        return switch (d) {
            case F32, C64 -> f32Bits();
            case F64 -> f64Bits();
            case I64 -> integer(Long.MIN_VALUE, Long.MAX_VALUE, "i64");
            case I32 -> integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "i32");
            case I8 -> integer(Byte.MIN_VALUE, Byte.MAX_VALUE, "i8");
            case BOOL -> bool() ? 1 : 0;
        };
    }

    private static Tensor build(DType d, Shape shape, long[] values) {
        Tensor t = Tensor.zeros(d, shape.dims());
        MemorySegment data = t.data();
        int n = Math.toIntExact(t.size() * (d == DType.C64 ? 2 : 1));
        for (int i = 0; i < n; i++) {
            switch (d) {
                case F32, C64 -> data.setAtIndex(I32, i, (int) values[i]);
                case F64 -> data.setAtIndex(I64, i, values[i]);
                case I64, I32, I8, BOOL -> t.setLong(i, values[i]);
            }
        }
        return t;
    }
}
