package kiln.runtime.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --input}/{@code --output} arguments of {@code kiln run} and of a model jar: {@code NAME=FILE.npy},
 * or just {@code FILE.npy} when the model has exactly one input (or output).
 */
public final class TensorArgs {
    private TensorArgs() {
    }

    /**
     * Resolves each argument to a model name. {@code kind} is "input" or "output", {@code names} the model's
     * names of that kind in order.
     */
    public static Map<String, Path> resolve(List<String> args, String kind, List<String> names) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name;
            String file;
            if (eq > 0 && !looksLikePath(arg.substring(0, eq))) {
                name = arg.substring(0, eq);
                file = arg.substring(eq + 1);
                if (!names.contains(name)) {
                    throw new UsageException("the model has no " + kind + " named '" + name + "'; its " + kind + "s are "
                            + String.join(", ", names));
                }
            } else {
                if (names.size() != 1) {
                    throw new UsageException("--" + kind + " " + arg + " needs a name (NAME=FILE.npy): the model has "
                            + names.size() + " " + kind + "s (" + String.join(", ", names) + ")");
                }
                name = names.getFirst();
                file = arg;
            }
            if (file.isEmpty()) {
                throw new UsageException("--" + kind + " " + arg + " names no file");
            }
            if (out.put(name, Path.of(file)) != null) {
                throw new UsageException(kind + " '" + name + "' is given twice");
            }
        }
        return out;
    }

    private static boolean looksLikePath(String s) {
        return s.contains("/") || s.endsWith(".npy");
    }
}
