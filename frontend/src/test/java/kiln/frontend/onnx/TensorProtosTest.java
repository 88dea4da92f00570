package kiln.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** TensorProto in every storage form, and back. */
class TensorProtosTest {
    @Test
    void rawDataRoundTripsEveryDtype() {
        for (DType d : DType.values()) {
            Tensor t = Tensor.of(d, new int[] {2, 2}, d.isComplex() ? new double[] {1, -2, 3, 4, 5, 6, -7, 8}
                    : new double[] {1, 0, -3, 4});
            Tensor back = TensorProtos.toTensor(TensorProtos.fromTensor("t", t));
            assertTrue(t.contentEquals(back), d.toString());
        }
    }

    @Test
    void readsTypedFields() {
        TensorProto f = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(2)
                .addFloatData(1.5f).addFloatData(-2).build();
        assertArrayEquals(new float[] {1.5f, -2}, TensorProtos.toTensor(f).toFloatArray());
        TensorProto l = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(3)
                .addInt64Data(Long.MAX_VALUE).addInt64Data(-1).addInt64Data(7).build();
        assertArrayEquals(new long[] {Long.MAX_VALUE, -1, 7}, TensorProtos.toTensor(l).toLongArray());
        TensorProto b = TensorProto.newBuilder().setDataType(TensorProto.DataType.BOOL_VALUE).addDims(2)
                .addInt32Data(1).addInt32Data(0).build();
        assertArrayEquals(new long[] {1, 0}, TensorProtos.toTensor(b).toLongArray());
        TensorProto d = TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDoubleData(0.1).build();
        assertEquals(0.1, TensorProtos.toTensor(d).getDouble(0));
    }

    @Test
    void refusesWhatItCannotHold() {
        TensorProto half = TensorProto.newBuilder().setName("h").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .addDims(1).addInt32Data(0x3c00).build();
        OnnxException e = assertThrows(OnnxException.class, () -> TensorProtos.toTensor(half));
        assertEquals(Kind.UNSUPPORTED_TYPE, e.problems().getFirst().kind());
        assertTrue(e.getMessage().contains("FLOAT16"), e.getMessage());
        TensorProto short1 = TensorProto.newBuilder().setName("s").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(2).addFloatData(1).build();
        assertEquals(Kind.INVALID_MODEL, assertThrows(OnnxException.class, () -> TensorProtos.toTensor(short1))
                .problems().getFirst().kind());
    }
}
