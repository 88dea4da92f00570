package kiln.codegen.cpu;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java identifiers for one kernel's generated methods. Every name is unique across the kernel (its method
 * and its parallel-chunk methods share one {@code Names}), so no local ever shadows another or a chunk
 * method's parameter, and names are handed out in the order code is generated: the same IR gives the same
 * names.
 */
final class Names {
    private final Set<String> used = new HashSet<>();

    Names(Set<String> reserved) {
        used.addAll(reserved);
    }

    /** A fresh identifier based on {@code base}: base itself if free, else base_2, base_3, … */
    String fresh(String base) {
        String b = sanitize(base);
        if (b.startsWith(ClassFields.RESERVED_PREFIX) || b.startsWith(ClassFields.RESERVED_MASK_PREFIX)) {
            b = "_" + b;
        }
        if (used.add(b)) {
            return b;
        }
        for (int i = 2;; i++) {
            String candidate = b + "_" + i;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    /** {@code name} as a Java identifier: other characters become '_', a leading digit gets a '_'. */
    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            sb.append(ok ? c : '_');
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        String s = sb.toString();
        return SourceVersion.isKeyword(s) || s.equals("_") ? s + "_" : s;
    }
}
