/**
 * The compile pipeline as a library: {@link kiln.cli.compile.CpuCompiler} takes a Graph IR model and its weights
 * through graph optimisation, lowering, fusion, scheduling with compile-time weight packing, loop passes,
 * memory planning and code generation to a {@link kiln.cli.compile.Compilation}, which runs in this process
 * ({@link kiln.cli.compile.CpuEngine}, {@code kiln run}) or becomes a standalone jar
 * ({@link kiln.cli.compile.ModelJar}, {@code kiln compile}).
 */
package kiln.cli.compile;
