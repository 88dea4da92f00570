package kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this machine is, as far as the report needs to say. */
final class Machine {
    private Machine() {
    }

    /** The CPU's model name (Linux), else the architecture. */
    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip() + ", " + FmaPeak.lanes() * 32 + "-bit vectors";
                }
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + ", " + FmaPeak.lanes() * 32 + "-bit vectors";
    }
}
