package kiln.codegen.cpu;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import kiln.runtime.exec.KernelLibrary;

/**
 * Compiles generated source in this process with {@code javax.tools} — no {@code javac} process, nothing
 * written but the cache — and loads each result in a class loader of its own. Results are cached by a hash
 * of the source, the options and the JDK: in memory for this process, and on disk (under
 * {@value #CACHE_PROPERTY}, by default the user's cache folder) across processes.
 *
 * <p>Generated code that does not compile is a bug in Kiln: {@link GeneratedCodeException} carries the
 * errors, the generated lines around them, and a command that reproduces the failure.
 */
public final class KernelCompiler {
    /** The system property naming the on-disk cache folder; empty turns the disk cache off. */
    public static final String CACHE_PROPERTY = "kiln.cache.dir";
    /** The Java release generated code is compiled for. */
    static final String RELEASE = "25";
    /** Bumped when the generated code's meaning changes without its text changing (never so far). */
    private static final String CACHE_VERSION = "kiln-codegen-cpu 1";
    /** C2 does not compile methods with more bytecode than this (-XX:+DontCompileHugeMethods). */
    static final int HUGE_METHOD = 8000;

    private static final Map<String, Class<?>> LOADED = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(KernelCompiler.class.getName());

    private final ClassCache disk;

    /** A compiler with its disk cache in {@code cacheDir}, or none when it is null. */
    public KernelCompiler(Path cacheDir) {
        this.disk = cacheDir == null ? null : new ClassCache(cacheDir);
    }

    /** A compiler with the disk cache the system property names, or the user's cache folder. */
    public static KernelCompiler standard() {
        String dir = System.getProperty(CACHE_PROPERTY);
        if (dir != null) {
            return new KernelCompiler(dir.isBlank() ? null : Path.of(dir));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new KernelCompiler(base.resolve("kiln").resolve("classes"));
    }

    /** A new instance of the kernel library {@code source} defines. */
    public KernelLibrary load(JavaSource source) {
        try {
            return (KernelLibrary) compile(source).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated class " + source.qualifiedName(), e);
        }
    }

    /** The class {@code source} defines, compiled or taken from a cache. */
    public Class<?> compile(JavaSource source) {
        requireVectorModule();
        String key = key(source);
        Class<?> loaded = LOADED.get(key);
        if (loaded != null) {
            return loaded;
        }
        Map<String, byte[]> classes = classes(source, key);
        try {
            Class<?> c = new GeneratedClassLoader(classes, KernelLibrary.class.getClassLoader())
                    .loadClass(source.qualifiedName());
            Class<?> raced = LOADED.putIfAbsent(key, c);
            return raced != null ? raced : c;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiling " + source.qualifiedName() + " did not produce it", e);
        }
    }

    /**
     * The class files {@code source} compiles to, by binary name (the class and any nested classes), compiled
     * or taken from the disk cache: what a model jar holds. The same source gives the same bytes.
     */
    public Map<String, byte[]> classes(JavaSource source) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(classes(source, key(source))));
    }

    private Map<String, byte[]> classes(JavaSource source, String key) {
        Map<String, byte[]> classes = disk == null ? null : disk.read(key);
        if (classes == null) {
            classes = javac(source);
            warnAboutHugeMethods(classes);
            if (disk != null) {
                disk.write(key, classes);
            }
        }
        return classes;
    }

    /** The hash a source is cached under. */
    static String key(JavaSource source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(CACHE_VERSION, Runtime.version().toString(), String.join(" ", options()),
                    source.qualifiedName(), source.text())) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> options() {
        return List.of("--release", RELEASE, "--add-modules", "jdk.incubator.vector", "-proc:none", "-g:source,lines",
                "-classpath", runtimeClasspath());
    }

    /** Where the runtime classes generated code uses are: a folder or a jar. */
    static String runtimeClasspath() {
        try {
            var source = KernelLibrary.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall back to the class path
        }
        return System.getProperty("java.class.path");
    }

    private static void requireVectorModule() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("Kiln's compiled kernels need the Vector API: start Java with "
                    + "--add-modules jdk.incubator.vector");
        }
    }

    private static Map<String, byte[]> javac(JavaSource source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("compiling kernels needs a JDK (with the java.compiler module), "
                    + "not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        try (MemoryFileManager files = new MemoryFileManager(standard)) {
            JavaFileObject unit = MemoryFileManager.source(source.qualifiedName(), source.text());
            boolean ok = javac.getTask(null, files, diagnostics, options(), null, List.of(unit)).call();
            if (!ok) {
                throw failure(source, diagnostics.getDiagnostics());
            }
            return files.classes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneratedCodeException failure(JavaSource source, List<Diagnostic<? extends JavaFileObject>> diags) {
        String[] lines = source.text().split("\n", -1);
        StringBuilder msg = new StringBuilder("internal error: generated Java for ")
                .append(source.kernelNames()).append(" does not compile\n");
        for (Diagnostic<? extends JavaFileObject> d : diags) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            long line = d.getLineNumber();
            msg.append("\n").append(source.simpleName()).append(".java:").append(line).append(": ")
                    .append(d.getMessage(Locale.ROOT)).append('\n');
            for (long l = Math.max(1, line - 3); l <= Math.min(lines.length, line + 3); l++) {
                msg.append(l == line ? ">" : " ").append(String.format(Locale.ROOT, "%5d | ", l))
                        .append(lines[(int) l - 1]).append('\n');
            }
        }
        msg.append("\nto reproduce: ").append(reproducer(source));
        return new GeneratedCodeException(msg.toString(), source.text());
    }

    /** Writes the source to a temporary folder and returns the javac command that compiles it. */
    private static String reproducer(JavaSource source) {
        try {
            Path dir = Files.createTempDirectory("kiln-generated-");
            Path file = dir.resolve(source.qualifiedName().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.text());
            return "javac --release " + RELEASE + " --add-modules jdk.incubator.vector -cp " + runtimeClasspath()
                    + " -d " + dir.resolve("classes") + " " + file;
        } catch (IOException e) {
            return "(could not write the source to a temporary folder: " + e.getMessage() + ")";
        }
    }

    /** The bytecode size of each generated method, by class and method name. */
    static Map<String, Integer> methodSizes(Map<String, byte[]> classes) {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            ClassModel model = ClassFile.of().parse(c.getValue());
            for (MethodModel m : model.methods()) {
                m.findAttribute(Attributes.code()).ifPresent(code ->
                        sizes.merge(c.getKey() + "." + m.methodName().stringValue(), code.codeLength(), Math::max));
            }
        }
        return sizes;
    }

    private static void warnAboutHugeMethods(Map<String, byte[]> classes) {
        methodSizes(classes).forEach((method, size) -> {
            if (size > HUGE_METHOD) {
                LOG.log(System.Logger.Level.WARNING, "generated method {0} has {1} bytes of bytecode, more than the "
                        + "{2} the JIT compiles: it will run interpreted (slowly). Unroll less.", method, size, HUGE_METHOD);
            }
        });
    }
}
