package kiln.ir.text;

/**
 * How names are written. A value name after {@code %} is bare when it is made of ASCII letters, digits,
 * {@code _} and {@code .} ({@code %0}, {@code %stage2.block0.conv1.weight}); graph and output names are
 * bare when they also start with a letter or {@code _}. Any other name is a quoted string with the escapes
 * {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} and {@code \}{@code uXXXX} (for other control
 * characters and unpaired surrogates), so that every Java string round-trips.
 */
final class NameSyntax {
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private NameSyntax() {
    }

    static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNameChar(int c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '.';
    }

    /** {@code %name} or {@code %"odd name"}. */
    static String valueName(String name) {
        return "%" + (isBareValueName(name) ? name : quote(name));
    }

    /** A graph or output name: an identifier or a quoted string. */
    static String name(String name) {
        return isIdentifier(name) ? name : quote(name);
    }

    static boolean isBareValueName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdentifier(String name) {
        return isBareValueName(name) && isIdentStart(name.charAt(0));
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
                    if (c < 0x20 || c == 0x7f || unpairedSurrogate(s, i)) {
                        sb.append("\\u").append(HEX.formatHex(new byte[] {(byte) (c >> 8), (byte) c}));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
