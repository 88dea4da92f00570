package kiln.tests.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.ExecutionPlan;
import kiln.runtime.exec.Executor;
import kiln.runtime.exec.KernelLibrary;
import kiln.runtime.exec.Parallel;
import kiln.runtime.model.CompiledModel;
import kiln.runtime.model.TensorSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library API for embedding a compiled model: load, describe, run on maps or on the caller's buffers, close. */
class CompiledModelApiTest {
    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void compile() {
        jar = Kiln.compile(Kiln.example("convformer_block.kiln"), dir.resolve("convformer.jar"));
    }

    @Test
    void runsOnMapsAndOnTheCallersArraysAndBuffers() throws Exception {
        try (CompiledModel m = CompiledModel.load(jar)) {
            TensorSpec in = m.inputs().getFirst();
            TensorSpec out = m.outputs().getFirst();
            Tensor x = SeededRandom.input(in.name(), in.dtype(), in.shape());
            Tensor expected = m.run(Map.of(in.name(), x)).get(out.name());
            assertNotSame(expected, m.run(Map.of(in.name(), x)).get(out.name()), "run(Map) returns new tensors");

            // The caller's float[] in, a direct ByteBuffer out.
            float[] xs = x.toFloatArray();
            ByteBuffer ys = ByteBuffer.allocateDirect((int) (out.size() * 4)).order(ByteOrder.LITTLE_ENDIAN);
            Tensor[] ins = {Tensor.wrap(DType.F32, in.shape(), MemorySegment.ofArray(xs))};
            Tensor[] outs = {Tensor.wrap(DType.F32, out.shape(), MemorySegment.ofBuffer(ys))};
            m.run(ins, outs);
            assertTrue(expected.contentEquals(outs[0]));
        }
    }

    /**
     * The run path on the caller's buffers allocates nothing of its own: with kernels that do nothing, a warm
     * run allocates 0 bytes. What the generated kernels allocate (Vector API objects C2 does not scalarize,
     * the pool's per-loop objects) is measured on a real model and printed.
     */
    @Test
    void theBufferPathAllocatesNothing() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutionPlan plan = new ExecutionPlan("idle", List.of(new ExecutionPlan.Slot("x", DType.F32, 6, -1, null),
                new ExecutionPlan.Slot("y", DType.F32, 6, 0, null)),
                List.of(new ExecutionPlan.Invocation(0, "k", new int[] {0, 1})),
                List.of(new ExecutionPlan.Port("x", DType.F32, new int[] {2, 3}, 0)),
                List.of(new ExecutionPlan.Port("y", DType.F32, new int[] {6}, 1)));
        Executor idle = new Executor(new KernelLibrary() {
            @Override
            public String[] kernelNames() {
                return new String[] {"k"};
            }

            @Override
            public void invoke(int kernel, Object[] arrays, int[] offsets) {
            }
        }, plan);
        Tensor[] ins = {Tensor.zeros(DType.F32, 2, 3)};
        Tensor[] outs = {Tensor.zeros(DType.F32, 6)};
        for (int i = 0; i < 20_000; i++) {
            idle.run(ins, outs);
        }
        long start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            idle.run(ins, outs);
        }
        assertEquals(0, threads.getCurrentThreadAllocatedBytes() - start, "bytes allocated by 1000 runs");

        try (CompiledModel m = CompiledModel.load(jar)) {
            Tensor[] x = {SeededRandom.input("x", DType.F32, m.inputs().getFirst().shape())};
            Tensor[] y = {Tensor.zeros(DType.F32, m.outputs().getFirst().shape())};
            for (int i = 0; i < 50; i++) {
                m.run(x, y);
            }
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                m.run(x, y);
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            System.out.println("a warm run of " + m.name() + " (" + m.manifest().calls().size() + " kernel calls, "
                    + Parallel.threads() + " threads) allocates " + least + " bytes on the calling thread, all in "
                    + "its kernels");
        }
    }

    @Test
    void aClosedModelCannotRunAndBadInputsAreRefused() throws Exception {
        CompiledModel m = CompiledModel.load(jar);
        TensorSpec in = m.inputs().getFirst();
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> m.run(Map.of(in.name(), Tensor.zeros(DType.F32, 1, 2))));
        assertTrue(wrong.getMessage().contains("but the model expects"), wrong.getMessage());
        m.close();
        assertThrows(IllegalStateException.class, () -> m.run(Map.of(in.name(), Tensor.zeros(in.dtype(), in.shape()))));
        assertEquals("convformer_block", m.name());
    }
}
