package kiln.runtime.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a model jar, parsed: options as {@code --name value} or {@code --name=value}, each
 * checked here so that a mistake is reported before the model loads.
 *
 * @param threads null for the model's default
 * @param bench   0 for no benchmark
 */
record ModelArgs(List<String> inputs, List<String> outputs, Integer threads, Device device, int bench, boolean help,
        boolean info) {

    /** Where to run. */
    enum Device { cpu, gpu }

    ModelArgs {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    static ModelArgs parse(String[] args) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Integer threads = null;
        Device device = Device.cpu;
        int bench = 0;
        boolean help = false;
        boolean info = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--info" -> info = true;
                case "--input", "--output", "--threads", "--device", "--bench" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--input" -> inputs.add(value);
                        case "--output" -> outputs.add(value);
                        case "--threads" -> threads = positive(name, value);
                        case "--bench" -> bench = positive(name, value);
                        default -> device = device(value);
                    }
                }
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "' (inputs are given as --input NAME=FILE.npy)");
            }
        }
        return new ModelArgs(inputs, outputs, threads, device, bench, help, info);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " takes a positive integer, not '" + value + "'");
    }

    private static Device device(String value) {
        for (Device d : Device.values()) {
            if (d.name().equals(value)) {
                return d;
            }
        }
        throw new UsageException("--device is cpu or gpu, not '" + value + "'");
    }
}
