/**
 * Compiled models as users and their programs see them: {@link kiln.runtime.model.CompiledModel} loads a
 * model jar and runs it; {@link kiln.runtime.model.ModelManifest} is its metadata (inputs, outputs, what each
 * kernel computes, provenance hashes, the memory plan and the execution plan), stored as JSON;
 * {@link kiln.runtime.model.WeightsFile} is the layout of its weights.
 */
package kiln.runtime.model;
