package kiln.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import kiln.ir.graph.IrException;
import kiln.runtime.io.TensorFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kiln} command. Exit codes: 0 success, 1 the input is wrong (one clear message), 2 internal
 * error (a bug in Kiln: the stack trace goes to stderr so it can be reported).
 */
@Command(name = "kiln", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Kiln: an ahead-of-time compiler for neural-network models.",
        subcommands = {CompileCommand.class, RunCommand.class, CheckCommand.class, ExportOnnxCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int INTERNAL_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, argv) -> {
            CommandLine failed = ex.getCommandLine();
            err.println("kiln: " + ex.getMessage());
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USER_ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, failed, parsed) -> {
            String message = userMessage(ex);
            if (message != null) {
                err.println("kiln: error: " + message);
                return USER_ERROR;
            }
            err.println("kiln: internal error: " + ex);
            ex.printStackTrace(err);
            err.println("This is a bug in Kiln; please report it with the command line above.");
            return INTERNAL_ERROR;
        });
        return cmd.execute(args);
    }

    /** The message to show for a user's mistake, or null when the exception is a bug in Kiln. */
    static String userMessage(Exception ex) {
        return switch (ex) {
            case UserError e -> e.getMessage();
            case IrException e -> e.getMessage();
            case TensorFileException e -> e.getMessage();
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case IOException e -> e.getMessage();
            default -> null;
        };
    }
}
