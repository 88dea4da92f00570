package kiln.ir.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damaged files: random cuts, insertions and truncations of valid text either still parse or fail with a
 * located {@link IrSyntaxException} — never with another exception. A failure names the seed and the text.
 */
class ParserFuzzTest {
    private static final String[] PIECES = {
        "%", "\"", "\\", "{", "}", "(", ")", "[", "]", ",", "=", ":", "-", "#", "\n", " ", "N", "0x", "1e999", "-0",
        "99999999999999999999", "nan(", "inf", "f32[", "graph", "output", "input", "param", "%x", "relu", "1.", "é",
        "\uD800", "\t", "{value=", "[[[[", "2147483648", "-2147483649"
    };

    @Test
    void damagedTextFailsOnlyWithLocatedDiagnostics() {
        String valid = IrPrinter.print(OpSamples.everyOpGraph());
        for (long seed = 1; seed <= 3000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder text = new StringBuilder(valid);
            int edits = random.nextInt(1, 4);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> text.delete(at, Math.min(text.length(), at + random.nextInt(1, 20)));
                    case 1 -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 2 -> text.setLength(at);
                    default -> text.insert(at, (char) random.nextInt(0, 128));
                }
            }
            String source = text.toString();
            try {
                IrParser.parse(source, "fuzz.kir");
            } catch (IrSyntaxException e) {
                assertTrue(e.line() >= 1 && e.column() >= 1 && !e.detail().isEmpty(), "seed " + seed + ": "
                        + e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e + " escaped for:\n" + source, e);
            }
        }
    }
}
