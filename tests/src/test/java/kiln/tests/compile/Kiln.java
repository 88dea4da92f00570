package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kiln.cli.Main;
import kiln.tests.SharedData;

/** Runs {@code kiln} in this process and compiled model jars in child JVMs, capturing what they print. */
record Kiln(int exitCode, String out, String err) {
    /** {@code kiln ARGS...} in this process. */
    static Kiln run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Kiln(code, out.toString(), err.toString());
    }

    /** {@code kiln compile MODEL -o JAR [extra...]}, which must succeed. */
    static Path compile(Path model, Path jar, String... extra) {
        List<String> args = new ArrayList<>(List.of("compile", model.toString(), "-o", jar.toString()));
        args.addAll(List.of(extra));
        Kiln r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), () -> "kiln " + String.join(" ", args) + " failed:\n" + r.err());
        return jar;
    }

    /** An example model of the repository. */
    static Path example(String name) {
        return SharedData.root().resolve("examples").resolve(name);
    }

    /**
     * A child JVM of the JDK running the tests, {@code java ARGS...} in {@code dir}: with no JVM options of
     * ours, as a user would start it. Fails after {@code timeoutSeconds}.
     */
    static Kiln java(Path dir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Kiln(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
