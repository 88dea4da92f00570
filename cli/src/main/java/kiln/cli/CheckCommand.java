package kiln.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kiln.frontend.KilnCompiler;
import kiln.frontend.diag.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln check}: parses, resolves and type-checks a Kiln model (shapes included) and prints its
 * diagnostics, without compiling or running it. Exit 0 when it has no errors, 1 when it has any.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks a Kiln model (.kiln) and the files it imports: syntax, names, types and shapes. "
                + "Prints every error with its location and code; compiles and runs nothing."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The model, a .kiln file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new UserError(Files.exists(file) ? file + " is not a file" : "no such file: " + file);
        }
        if (!file.getFileName().toString().endsWith(".kiln")) {
            throw new UserError("kiln check reads Kiln models (.kiln), not " + file);
        }
        KilnCompiler.Result r = KilnCompiler.check(file);
        if (r.ok()) {
            spec.commandLine().getOut().println(file + ": no errors (" + r.graph().nodes().size() + " operations, "
                    + r.graph().params().size() + " parameters)");
            return Main.OK;
        }
        var err = spec.commandLine().getErr();
        for (Diagnostic d : r.diagnostics()) {
            err.println(d.render());
            err.println();
        }
        int hidden = r.errorCount() - r.diagnostics().size();
        if (hidden > 0) {
            err.println("... and " + hidden + " more errors");
        }
        err.println(r.errorCount() + (r.errorCount() == 1 ? " error" : " errors"));
        err.flush();
        return Main.USER_ERROR;
    }
}
