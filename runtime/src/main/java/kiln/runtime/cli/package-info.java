/**
 * The command line of a compiled model jar: {@link kiln.runtime.cli.ModelMain} runs the model on the class path
 * ({@code java -jar MODEL.jar --input x=in.npy --output y=out.npy --bench 10}), starting the JVM again with the
 * Vector API module when it lacks it ({@code Relaunch}); {@code Launcher}, compiled for Java 8, is the jar's
 * main class so that an older JVM can say that Java 25 is needed. {@link kiln.runtime.cli.Summary} and
 * {@link kiln.runtime.cli.TensorArgs} are shared with {@code kiln run}.
 */
package kiln.runtime.cli;
