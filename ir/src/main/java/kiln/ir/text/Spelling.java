package kiln.ir.text;

import java.util.Collection;

/** "Did you mean" suggestions for misspelt op, attribute, value and enum names. */
final class Spelling {
    private Spelling() {
    }

    /**
     * {@code "; did you mean 'x'?"} for the candidate nearest to {@code word} by edit distance, when it is
     * near enough to be a plausible typo; otherwise the empty string. Ties go to the earlier candidate.
     */
    static String didYouMean(String word, Collection<String> candidates) {
        String best = nearest(word, candidates);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The candidate nearest to {@code word} when it is near enough to be a plausible typo, else null. */
    static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(word, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= limit ? best : null;
    }

    static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) {
            return Math.abs(a.length() - b.length());
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
