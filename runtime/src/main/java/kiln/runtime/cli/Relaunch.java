package kiln.runtime.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code java -jar MODEL.jar} work although the kernels need the incubating Vector API, which a JVM
 * only has when started with {@code --add-modules jdk.incubator.vector} (a jar manifest cannot ask for a
 * module). Started without it, the main class starts the same java binary again with it, the user's JVM
 * options that concern the model's run (heap, system properties, GC and JIT flags, assertions) and the same
 * class path, main class and arguments; the child inherits standard input and output, its standard error
 * passes through without the one line the JVM prints about incubator modules, and its exit code becomes
 * this process's.
 *
 * <p>The child also compiles in the foreground ({@code -XX:-BackgroundCompilation}, unless the user's options
 * say otherwise): a thread that asks the JIT for a method waits for the compiled code instead of going on in
 * the interpreter or C1, where the Vector API is not intrinsified and kernels run tens of times slower than
 * they will once compiled. A model jar is a batch program whose kernels are all hot, so waiting pays: on an
 * OSNet the time to the first output and to a steady state both fell by about a third, on a ConvNeXt block
 * the first output came in about half the time.
 */
final class Relaunch {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Set in the child, so that a JVM that still lacks the module fails instead of starting another. */
    static final String MARKER = "kiln.relaunched";
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: " + VECTOR_MODULE;
    /** The JIT option the child turns off unless the user sets it (see the class comment). */
    static final String BACKGROUND_COMPILATION = "BackgroundCompilation";

    private Relaunch() {
    }

    static boolean hasVectorModule() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Runs {@code mainClass} with {@code args} in a child JVM that has the module; returns its exit code. */
    static int run(String mainClass, String[] args) {
        if (Boolean.getBoolean(MARKER) || java.lang.module.ModuleFinder.ofSystem().find(VECTOR_MODULE).isEmpty()) {
            System.err.println("kiln-model: error: this Java (" + Runtime.version() + " at " + System.getProperty("java.home")
                    + ") has no " + VECTOR_MODULE + " module; Kiln models need a JDK 25 or newer");
            return 1;
        }
        List<String> command = command(mainClass, args);
        Process child;
        try {
            child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            System.err.println("kiln-model: error: cannot start " + command.getFirst() + " with " + VECTOR_MODULE + ": "
                    + e.getMessage());
            return 1;
        }
        // Interrupting this JVM (Ctrl-C, kill) must not leave the child running.
        Thread stopChild = new Thread(child::destroy, "kiln-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Thread errors = Thread.ofPlatform().name("kiln-child-stderr").start(() -> copyErrors(child));
        try {
            int code = child.waitFor();
            errors.join();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return code;
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    static List<String> command(String mainClass, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--add-modules");
        command.add(VECTOR_MODULE);
        List<String> options = jvmOptions();
        if (options.stream().noneMatch(o -> o.contains(BACKGROUND_COMPILATION))) {
            command.add("-XX:-" + BACKGROUND_COMPILATION);
        }
        for (String option : options) {
            if (passedOn(option)) {
                command.add(option);
            }
        }
        command.add("-D" + MARKER + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** This JVM's options; none where the runtime lacks the management module. */
    private static List<String> jvmOptions() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError e) {
            return List.of();
        }
    }

    /**
     * Whether a JVM option of this process goes to the child: memory, system properties, VM flags,
     * assertions and native access do; agents and debuggers do not (a debugger's port is this process's).
     */
    static boolean passedOn(String option) {
        if (option.startsWith("-Xdebug") || option.startsWith("-Xrunjdwp") || option.startsWith("-agent")
                || option.startsWith("-javaagent") || option.startsWith("-Djava.class.path=")
                || option.startsWith("-Dsun.java.command=") || option.startsWith("-Djdk.module.")) {
            return false;
        }
        return option.startsWith("-X") || option.startsWith("-D") || option.startsWith("-ea") || option.startsWith("-da")
                || option.startsWith("-esa") || option.startsWith("-dsa") || option.startsWith("-enableassertions")
                || option.startsWith("-disableassertions") || option.startsWith("--enable-native-access")
                || option.startsWith("--sun-misc-unsafe-memory-access") || option.startsWith("-verbose");
    }

    /** Copies the child's standard error to this process's, line by line, without the incubator warning. */
    private static void copyErrors(Process child) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(), System.err.charset()))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.equals(INCUBATOR_WARNING)) {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
