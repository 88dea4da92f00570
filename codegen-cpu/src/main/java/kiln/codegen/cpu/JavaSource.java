package kiln.codegen.cpu;

import java.util.List;

/**
 * One generated Java source file: a class named {@code packageName.simpleName} whose static methods are the
 * kernels, in the order of {@code kernelNames} (the Loop IR names; the method names are Java identifiers made
 * from them).
 */
public record JavaSource(String packageName, String simpleName, String text, List<String> kernelNames) {
    public JavaSource {
        kernelNames = List.copyOf(kernelNames);
    }

    public String qualifiedName() {
        return packageName + "." + simpleName;
    }
}
