package kiln.tests.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * ONNX Runtime as a second, independent oracle: runs an ONNX model (2 intra-op threads) on Kiln tensors.
 * c64 tensors cross as f32 with a trailing axis of 2, as the exporter writes them.
 */
final class Ort {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private Ort() {
    }

    /** Runs the model; {@code complexOutputs} names the outputs to read back as c64. */
    static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs, List<String> complexOutputs)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setInterOpNumThreads(1);
            try (OrtSession session = ENV.createSession(model, options)) {
                List<OnnxTensor> created = new ArrayList<>();
                try {
                    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                    for (var e : inputs.entrySet()) {
                        OnnxTensor t = toOrt(e.getValue());
                        created.add(t);
                        feed.put(e.getKey(), t);
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    try (OrtSession.Result result = session.run(feed)) {
                        for (var e : result) {
                            boolean complex = complexOutputs.contains(e.getKey());
                            out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue(), complex));
                        }
                    }
                    return out;
                } finally {
                    created.forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static OnnxTensor toOrt(Tensor t) throws OrtException {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        return switch (t.dtype()) {
            case F32 -> OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.toFloatArray()), shape);
            case F64 -> OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(t.toDoubleArray()), shape);
            case I64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(t.toLongArray()), shape);
            case I32 -> OnnxTensor.createTensor(ENV, IntBuffer.wrap(Arrays.stream(t.toLongArray())
                    .mapToInt(v -> (int) v).toArray()), shape);
            case I8, BOOL -> OnnxTensor.createTensor(ENV, bytes(t), shape,
                    t.dtype() == DType.BOOL ? OnnxJavaType.BOOL : OnnxJavaType.INT8);
            case C64 -> {
                long[] pairs = Arrays.copyOf(shape, shape.length + 1);
                pairs[shape.length] = 2;
                float[] v = new float[Math.toIntExact(2 * t.size())];
                for (int i = 0; i < t.size(); i++) {
                    v[2 * i] = (float) t.getReal(i);
                    v[2 * i + 1] = (float) t.getImag(i);
                }
                yield OnnxTensor.createTensor(ENV, FloatBuffer.wrap(v), pairs);
            }
        };
    }

    private static ByteBuffer bytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(t.size())).order(ByteOrder.nativeOrder());
        for (int i = 0; i < t.size(); i++) {
            b.put((byte) t.getLong(i));
        }
        return b.flip();
    }

    private static Tensor fromOrt(OnnxTensor t, boolean complex) {
        int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                if (!complex) {
                    yield Tensor.ofFloats(shape, v);
                }
                Tensor c = Tensor.zeros(DType.C64, Arrays.copyOf(shape, shape.length - 1));
                for (int i = 0; i < c.size(); i++) {
                    c.setComplex(i, v[2 * i], v[2 * i + 1]);
                }
                yield c;
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                double[] v = new double[b.remaining()];
                b.get(v);
                yield Tensor.ofDoubles(shape, v);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] v = new long[b.remaining()];
                b.get(v);
                yield Tensor.ofLongs(shape, v);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] v = new int[b.remaining()];
                b.get(v);
                yield Tensor.ofInts(shape, v);
            }
            case INT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                Tensor out = Tensor.zeros(t.getInfo().type == OnnxJavaType.BOOL ? DType.BOOL : DType.I8, shape);
                for (int i = 0; i < out.size(); i++) {
                    out.setLong(i, b.get(i));
                }
                yield out;
            }
            default -> throw new IllegalStateException("ONNX Runtime returned " + t.getInfo());
        };
    }

    /** ‖a − b‖₂ / ‖b‖₂ over all elements (complex: both parts); 0 when both are all zeros. */
    static double relativeError(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        double num = 0;
        double den = 0;
        for (long i = 0; i < b.size(); i++) {
            double dr = a.getReal(i) - b.getReal(i);
            double di = a.getImag(i) - b.getImag(i);
            num += dr * dr + di * di;
            den += b.getReal(i) * b.getReal(i) + b.getImag(i) * b.getImag(i);
        }
        return num == 0 ? 0 : Math.sqrt(num / den);
    }
}
