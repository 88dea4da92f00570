package kiln.cli.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import kiln.runtime.Tensor;

/**
 * The class files of Kiln's runtime, which every model jar carries: read from wherever this process loaded
 * the runtime from (its classes folder while developing, its jar otherwise). Only {@code kiln/runtime/**}
 * classes are taken, so nothing of the compiler can slip in.
 */
final class RuntimeClasses {
    static final String PREFIX = "kiln/runtime/";

    private RuntimeClasses() {
    }

    private static Map<String, byte[]> cached;

    /** Jar entry name to class file bytes, in name order. */
    static synchronized Map<String, byte[]> read() {
        if (cached == null) {
            cached = java.util.Collections.unmodifiableMap(load(location()));
        }
        return cached;
    }

    private static Path location() {
        var source = Tensor.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot find where Kiln's runtime classes were loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the runtime's location " + source.getLocation() + " is not a path", e);
        }
    }

    private static Map<String, byte[]> load(Path location) {
        Map<String, byte[]> out = new TreeMap<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location.resolve(PREFIX))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        out.put(location.relativize(f).toString().replace(java.io.File.separatorChar, '/'),
                                Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith(PREFIX) && entry.getName().endsWith(".class")) {
                            out.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kiln's runtime classes from " + location, e);
        }
        for (String main : new String[] {ModelJar.MAIN_CLASS, "kiln.runtime.cli.ModelMain"}) {
            if (!out.containsKey(main.replace('.', '/') + ".class")) {
                throw new IllegalStateException("Kiln's runtime classes at " + location + " lack " + main);
            }
        }
        return out;
    }
}
