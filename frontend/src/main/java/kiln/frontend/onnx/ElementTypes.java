package kiln.frontend.onnx;

import kiln.frontend.onnx.proto.OnnxProtos.TensorProto.DataType;
import kiln.runtime.DType;

/** The correspondence between ONNX element types and Kiln's dtypes. */
public final class ElementTypes {
    private ElementTypes() {
    }

    /** The Kiln dtype of an ONNX element type number, or null when Kiln has no such dtype. */
    public static DType toDType(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        if (t == null) {
            return null;
        }
        return switch (t) {
            case FLOAT -> DType.F32;
            case DOUBLE -> DType.F64;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case INT8 -> DType.I8;
            case BOOL -> DType.BOOL;
            case COMPLEX64 -> DType.C64;
            default -> null;
        };
    }

    /** The ONNX element type number of a Kiln dtype. */
    public static int toOnnx(DType dtype) {
        return switch (dtype) {
            case F32 -> DataType.FLOAT_VALUE;
            case F64 -> DataType.DOUBLE_VALUE;
            case I64 -> DataType.INT64_VALUE;
            case I32 -> DataType.INT32_VALUE;
            case I8 -> DataType.INT8_VALUE;
            case BOOL -> DataType.BOOL_VALUE;
            case C64 -> DataType.COMPLEX64_VALUE;
        };
    }

    /** The ONNX name of an element type number, e.g. {@code FLOAT16}, for messages. */
    public static String name(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        return t == null || t == DataType.UNRECOGNIZED ? "element type " + onnxType : t.name();
    }
}
