package kiln.runtime.exec;

/**
 * The kernels of one compiled model, as a generated class implements them: each kernel is a static method
 * taking its buffers as (array, offset) pairs, and {@link #invoke} calls one by index so an
 * {@link Executor} can run a model without reflection on its hot path.
 */
public interface KernelLibrary {
    /** The kernels' names, in index order. */
    String[] kernelNames();

    /**
     * Calls kernel {@code kernel} with {@code arrays[i]} (a {@code float[]}, {@code double[]}, {@code long[]},
     * {@code int[]} or {@code byte[]}) and element offset {@code offsets[i]} as its i-th buffer parameter.
     */
    void invoke(int kernel, Object[] arrays, int[] offsets);
}
