package kiln.codegen.cpu;

import java.util.Map;

/**
 * A class loader of its own for each compiled source, so generated classes of the same name never clash
 * and are unloaded with their model. Its parent is the loader of the runtime classes they use.
 */
final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    GeneratedClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super("kiln-generated", parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
