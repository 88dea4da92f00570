package kiln.runtime.cli;

import java.lang.reflect.InvocationTargetException;

/**
 * The main class of a model jar. It is compiled for Java 8, so that any JVM can load it and say plainly that
 * the model needs Java 25 — rather than fail with a class-version error — before it hands over to
 * {@code ModelMain}, which is compiled for Java 25 like the rest of the runtime. It uses nothing newer than
 * Java 8.
 */
public final class Launcher {
    /** The Java version compiled models need: the runtime's and the generated kernels' class files. */
    static final int REQUIRED = 25;

    private Launcher() {
    }

    /** The file name of the jar this class is in, or null. */
    private static String jarName() {
        try {
            String path = Launcher.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            return name.endsWith(".jar") ? name : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static void main(String[] args) throws Throwable {
        String spec = System.getProperty("java.specification.version", "0");
        int feature;
        try {
            feature = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec.split("\\.")[0]);
        } catch (NumberFormatException e) {
            feature = 0;
        }
        if (feature < REQUIRED) {
            String jar = jarName();
            System.err.println((jar == null ? "kiln-model" : jar) + ": error: this model needs Java " + REQUIRED
                    + " or newer, and this is Java " + spec + " (" + System.getProperty("java.home") + "); run it with "
                    + "the java of a JDK " + REQUIRED + ": /path/to/jdk-" + REQUIRED + "/bin/java -jar "
                    + (jar == null ? "MODEL.jar" : jar));
            System.exit(1);
        }
        try {
            Class.forName("kiln.runtime.cli.ModelMain").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
