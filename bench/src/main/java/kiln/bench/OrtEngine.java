package kiln.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.frontend.onnx.OnnxExporter;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * The peer: an ONNX Runtime session (Java API, CPU, graph optimisations on, {@code threads} intra-op threads) on
 * a workload's ONNX model, with its inputs bound once.
 */
final class OrtEngine implements AutoCloseable {
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final Map<String, OnnxTensor> feed = new LinkedHashMap<>();

    OrtEngine(Workload w, int threads) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        byte[] model = w.onnxFile() != null ? Files.readAllBytes(w.onnxFile())
                : OnnxExporter.export(w.graph(), w.weights()).toByteArray();
        session = env.createSession(model, options);
        for (Map.Entry<String, Tensor> e : w.inputs().entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException("input " + e.getKey() + " is " + t.typeString() + "; the suite feeds f32");
            }
            feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()),
                    Arrays.stream(t.shape()).asLongStream().toArray()));
        }
    }

    /** One inference, its results released. */
    void run() {
        try (OrtSession.Result r = session.run(feed)) {
            r.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One inference; its f32 outputs by name. */
    Map<String, float[]> outputs() throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(feed)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                out.put(e.getKey(), a);
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : feed.values()) {
            t.close();
        }
        session.close();
        options.close();
    }
}
