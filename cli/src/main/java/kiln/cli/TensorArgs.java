package kiln.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kiln.runtime.cli.UsageException;

/**
 * The {@code --input}/{@code --output} arguments, read as a model jar reads them
 * ({@link kiln.runtime.cli.TensorArgs}), their mistakes reported as {@link UserError}s.
 */
final class TensorArgs {
    private TensorArgs() {
    }

    static Map<String, Path> resolve(List<String> args, String kind, List<String> names) {
        try {
            return kiln.runtime.cli.TensorArgs.resolve(args, kind, names);
        } catch (UsageException e) {
            throw new UserError(e.getMessage());
        }
    }
}
