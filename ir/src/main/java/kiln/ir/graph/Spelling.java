package kiln.ir.graph;

import java.util.Collection;

/** "Did you mean" suggestions for misspelt names: of ops, attributes, values, parameters, language names. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * {@code "; did you mean 'x'?"} for the candidate nearest to {@code word} by edit distance, when it is
     * near enough to be a plausible typo; otherwise the empty string. Ties go to the earlier candidate.
     */
    public static String didYouMean(String word, Collection<String> candidates) {
        String best = nearest(word, candidates);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The candidate nearest to {@code word} when it is near enough to be a plausible typo, else null. */
    public static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            int d = editDistance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // In one- and two-letter names a changed letter is no telling typo (x for y), but a doubled or dropped
        // one is (xx for x); otherwise only case can differ.
        int limit = word.length() <= 2 ? (best != null && doubledOrDropped(word, best) ? 1 : 0)
                : Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= limit ? best : null;
    }

    private static boolean doubledOrDropped(String a, String b) {
        String shorter = a.length() < b.length() ? a : b;
        String longer = a.length() < b.length() ? b : a;
        return longer.length() == shorter.length() + 1 && !shorter.isEmpty() && longer.startsWith(shorter)
                && longer.charAt(longer.length() - 1) == shorter.charAt(shorter.length() - 1);
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
    static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) {
            return Math.abs(a.length() - b.length());
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
