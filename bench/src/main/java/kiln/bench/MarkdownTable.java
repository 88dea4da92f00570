package kiln.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table, its columns padded so that it also reads as plain text. */
final class MarkdownTable {
    private final List<String> header;
    private final List<Boolean> right;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns named {@code header}; a name starting with '>' is right-aligned (the '>' is dropped). */
    MarkdownTable(String... header) {
        this.header = new ArrayList<>();
        this.right = new ArrayList<>();
        for (String h : header) {
            this.right.add(h.startsWith(">"));
            this.header.add(h.startsWith(">") ? h.substring(1) : h);
        }
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table: header, alignment row, rows; every line ends with a newline. */
    String render() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, header.get(c).length());
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < width.length; c++) {
            rule.add("-".repeat(width[c] - 1) + (right.get(c) ? ":" : "-"));
        }
        line(out, rule, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] width) {
        out.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            out.append(' ').append(right.get(c) ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    /** {@code x} with {@code digits} decimals, in the root locale. */
    static String fixed(double x, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", x);
    }

    /** Milliseconds with three significant digits or more: 0.162, 1.66, 27.4, 118. */
    static String ms(double x) {
        return x < 1 ? fixed(x, 3) : x < 10 ? fixed(x, 2) : x < 100 ? fixed(x, 1) : fixed(x, 0);
    }

    /** A share as a whole percentage. */
    static String percent(double share) {
        return fixed(100 * share, 0) + "%";
    }
}
