package kiln.ir.loop;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Spelling shared by {@link LoopPrinter} and {@link LoopParser}: names, reserved words, operator
 * symbols and precedences, and numbers in a form that reads back bit-exactly.
 */
final class LoopSyntax {
    /** Words that a bare name may not be; such names are quoted. */
    static final Set<String> RESERVED = Set.of("kernel", "program", "for", "in", "if", "else", "let", "allocate",
            "seq", "true", "false", "inf", "nan", "serial", "parallel", "vectorized", "unrolled");

    private LoopSyntax() {
    }

    static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNameChar(int c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '.';
    }

    static boolean isBare(String name) {
        if (name.isEmpty() || !isIdentStart(name.charAt(0)) || RESERVED.contains(name)) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A name as written: bare, or a quoted string with escapes. */
    static String name(String name) {
        return isBare(name) ? name : quote(name);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        sb.append("\\u").append(HexFormat.of().formatHex(new byte[] {(byte) (c >> 8), (byte) c}));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The infix symbol of {@code op}, or null for the operators written as calls (min, max, pow). */
    static String symbol(BinOp op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case FLOORDIV -> "//";
            case MOD -> "%";
            case LT -> "<";
            case LE -> "<=";
            case EQ -> "==";
            case NE -> "!=";
            case AND -> "&&";
            case OR -> "||";
            case MIN, MAX, POW -> null;
        };
    }

    /** Binding strength of an infix operator; higher binds tighter. Calls and atoms are {@link #ATOM}. */
    static int precedence(BinOp op) {
        return switch (op) {
            case OR -> 1;
            case AND -> 2;
            case LT, LE, EQ, NE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, FLOORDIV, MOD -> 5;
            case MIN, MAX, POW -> ATOM;
        };
    }

    static final int UNARY = 6;
    static final int ATOM = 7;

    static String type(ScalarType t) {
        return t.text();
    }

    static ScalarType typeNamed(String s) {
        for (ScalarType t : ScalarType.values()) {
            if (t.text().equals(s)) {
                return t;
            }
        }
        return null;
    }

    static LoopKind kindNamed(String s) {
        for (LoopKind k : LoopKind.values()) {
            if (k.text().equals(s)) {
                return k;
            }
        }
        return null;
    }

    static UnOp unOpNamed(String s) {
        for (UnOp u : UnOp.values()) {
            if (u != UnOp.NEG && u != UnOp.NOT && u.text().equals(s)) {
                return u;
            }
        }
        return null;
    }

    /** An f32 value by its bits: shortest round-trip decimal, {@code inf}, {@code nan} or {@code nan(0x...)}. */
    static String f32(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return bits == Float.floatToRawIntBits(Float.NaN) ? "nan" : "nan(0x" + Integer.toHexString(bits) + ")";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Float.toString(v);
    }

    static String f64(double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (Double.isNaN(v)) {
            return bits == Double.doubleToRawLongBits(Double.NaN) ? "nan" : "nan(0x" + Long.toHexString(bits) + ")";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
