package kiln.passes.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kiln.ir.graph.Op;
import org.junit.jupiter.api.Test;

/**
 * Every op's compute definition has a differential test: each permitted subclass of {@link Op} must be named
 * by the {@link Covers} annotation of a test class in this package that has test methods.
 */
class DefinitionCoverageTest {
    @Test
    void everyOpHasADifferentialTest() throws Exception {
        Set<String> covered = new TreeSet<>();
        List<Class<?>> classes = testClasses();
        assertFalse(classes.isEmpty(), "found no test classes next to " + getClass().getName());
        for (Class<?> c : classes) {
            Covers covers = c.getAnnotation(Covers.class);
            if (covers != null) {
                assertTrue(hasTests(c), c.getSimpleName() + " claims to cover ops but has no tests");
                Arrays.stream(covers.value()).map(Class::getSimpleName).forEach(covered::add);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> op : Op.class.getPermittedSubclasses()) {
            missing.add(op.getSimpleName());
        }
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "ops without a differential test class annotated @Covers");
    }

    private static boolean hasTests(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            for (var a : m.getAnnotations()) {
                String name = a.annotationType().getName();
                if (name.equals("org.junit.jupiter.api.Test") || name.equals("org.junit.jupiter.params.ParameterizedTest")) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Class<?>> testClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        URL here = getClass().getResource(getClass().getSimpleName() + ".class");
        assertTrue(here != null && here.getProtocol().equals("file"), "test classes must be files, found " + here);
        Path dir = Path.of(here.toURI()).getParent();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName(getClass().getPackageName() + "." + name.replace(".class", "")));
                }
            }
        }
        return classes;
    }
}
