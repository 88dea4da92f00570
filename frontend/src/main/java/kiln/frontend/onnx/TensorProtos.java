package kiln.frontend.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Converts between ONNX {@code TensorProto}s and Kiln tensors. Reading accepts every storage form the
 * specification allows: {@code raw_data} (little-endian), the typed repeated fields, and external files
 * (through {@link ExternalData}). Writing always uses {@code raw_data}.
 */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** Reads a serialized {@code TensorProto} file, as the ONNX backend tests store inputs and outputs. */
    public static Tensor read(Path file) throws IOException {
        TensorProto proto;
        try {
            proto = TensorProto.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(file.toString(), Kind.UNREADABLE, "not a serialized TensorProto: "
                    + e.getMessage());
        }
        return toTensor(proto, new ExternalData(file.toAbsolutePath().getParent(), file.toString()), file.toString());
    }

    /** The tensor a proto holds; its data must be inside the proto (not in an external file). */
    public static Tensor toTensor(TensorProto proto) {
        return toTensor(proto, new ExternalData(null, "tensor"), "tensor");
    }

    static Tensor toTensor(TensorProto t, ExternalData external, String source) {
        String what = "tensor '" + t.getName() + "'";
        DType dtype = ElementTypes.toDType(t.getDataType());
        if (dtype == null) {
            throw new OnnxException(source, Kind.UNSUPPORTED_TYPE, what + " has element type "
                    + ElementTypes.name(t.getDataType()) + ", which Kiln does not support");
        }
        if (t.hasSegment()) {
            throw new OnnxException(source, Kind.UNSUPPORTED_TYPE, what + " is split into segments");
        }
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw invalid(source, what + " has dimension " + d);
            }
            shape[i] = (int) d;
            count *= d; // both factors are below 2^31, so the product cannot overflow a long
            if (count > Integer.MAX_VALUE) {
                throw invalid(source, what + " has too many elements");
            }
        }
        long bytes = count * dtype.byteSize();
        Tensor out = Tensor.zeros(dtype, shape);
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            MemorySegment.copy(external.read(t, bytes), 0, out.data(), 0, bytes);
            return out;
        }
        ByteString raw = t.getRawData();
        if (!raw.isEmpty() || count == 0) {
            if (raw.size() != bytes) {
                throw invalid(source, what + " has " + raw.size() + " bytes of raw data, its type and shape need "
                        + bytes);
            }
            MemorySegment.copy(MemorySegment.ofBuffer(raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)), 0,
                    out.data(), 0, bytes);
            return out;
        }
        fillTyped(t, out, count, what, source);
        return out;
    }

    private static void fillTyped(TensorProto t, Tensor out, long count, String what, String source) {
        int given = switch (out.dtype()) {
            case F32 -> t.getFloatDataCount();
            case C64 -> t.getFloatDataCount() / 2;
            case F64 -> t.getDoubleDataCount();
            case I64 -> t.getInt64DataCount();
            case I32, I8, BOOL -> t.getInt32DataCount();
        };
        if (given != count || (out.dtype() == DType.C64 && t.getFloatDataCount() % 2 != 0)) {
            throw invalid(source, what + " holds " + given + " elements, its shape needs " + count);
        }
        for (int i = 0; i < count; i++) {
            switch (out.dtype()) {
                case F32 -> out.setDouble(i, t.getFloatData(i));
                case C64 -> out.setComplex(i, t.getFloatData(2 * i), t.getFloatData(2 * i + 1));
                case F64 -> out.setDouble(i, t.getDoubleData(i));
                case I64 -> out.setLong(i, t.getInt64Data(i));
                case I32, I8, BOOL -> out.setLong(i, t.getInt32Data(i));
            }
        }
    }

    /** A proto holding the tensor's data as {@code raw_data}. */
    public static TensorProto fromTensor(String name, Tensor tensor) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(ElementTypes.toOnnx(tensor.dtype()));
        for (int d : tensor.shape()) {
            b.addDims(d);
        }
        byte[] bytes = new byte[Math.toIntExact(tensor.data().byteSize())];
        MemorySegment.copy(tensor.data(), 0, MemorySegment.ofArray(bytes), 0, bytes.length);
        return b.setRawData(ByteString.copyFrom(bytes)).build();
    }

    private static OnnxException invalid(String source, String message) {
        return new OnnxException(source, Kind.INVALID_MODEL, message);
    }
}
