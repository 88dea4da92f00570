package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** GatherElements: ONNX's examples, negative indices, smaller index tensors, bits, and the errors. */
@Covers(GatherElements.class)
class GatherElementsEvalTest {
    private static final Tensor NINE = f32(shape(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);

    @Test
    void onnxExamples() {
        // test_gather_elements_0: axis 1.
        assertValues(eval(new GatherElements(1), f32(shape(2, 2), 1, 2, 3, 4), i64(shape(2, 2), 0, 0, 1, 0)),
                shape(2, 2), 1, 1, 4, 3);
        // test_gather_elements_1: axis 0.
        assertValues(eval(new GatherElements(0), NINE, i64(shape(2, 3), 1, 2, 0, 2, 0, 0)), shape(2, 3), 4, 8, 3, 7,
                2, 3);
        // test_gather_elements_negative_indices.
        assertValues(eval(new GatherElements(0), NINE, i64(shape(2, 3), -1, -2, 0, -2, 0, 0)), shape(2, 3), 7, 5, 3,
                4, 2, 3);
    }

    @Test
    void negativeAxisAndI32Indices() {
        assertValues(eval(new GatherElements(-1), NINE, i32(shape(3, 1), 2, -3, 1)), shape(3, 1), 3, 4, 8);
    }

    /** Indices may be shorter than data on every axis, and longer on the gathered one (repeats). */
    @Test
    void indicesShapeDiffersFromData() {
        assertValues(eval(new GatherElements(1), NINE, i64(shape(2, 5), 0, 0, 2, 2, 1, 1, 1, 1, 0, -1)), shape(2, 5),
                1, 1, 3, 3, 2, 5, 5, 5, 4, 6);
        assertValues(eval(new GatherElements(0), NINE, i64(shape(0, 3))), shape(0, 3));
    }

    @Test
    void copiesBitsOfEveryDtype() {
        long big = (1L << 53) + 1;
        assertLongs(eval(new GatherElements(0), i64(shape(2), 5, big), i64(shape(3), 1, 0, 1)), shape(3), big, 5, big);
        assertComplex(eval(new GatherElements(0), c64(shape(2), 1, 2, 3, 4), i64(shape(2), 1, 1)), shape(2), 0, 3, 4,
                3, 4);
    }

    @Test
    void indexOutOfRangeIsAnError() {
        IrException e = assertThrows(IrException.class, () -> eval(new GatherElements(0), NINE,
                i64(shape(1, 1), 3)));
        assertTrue(e.getMessage().contains("index 3 is out of range for axis 0 of size 3"), e.getMessage());
        assertThrows(IrException.class, () -> eval(new GatherElements(1), NINE, i64(shape(1, 1), -4)));
    }

    @Test
    void typeInferenceRefusesWhatCannotFit() {
        GatherElements op = new GatherElements(1);
        TensorType data = TensorType.of(DType.F32, 3, 3);
        assertThrows(IrException.class, () -> op.inferTypes(List.of(data, TensorType.of(DType.I64, 3))));
        assertThrows(IrException.class, () -> op.inferTypes(List.of(data, TensorType.of(DType.I64, 4, 1))));
        assertThrows(IrException.class, () -> op.inferTypes(List.of(data, TensorType.of(DType.F32, 3, 3))));
        assertThrows(IrException.class, () -> new GatherElements(2).inferTypes(List.of(data,
                TensorType.of(DType.I64, 3, 3))));
        TensorType batched = new TensorType(DType.F32, Shape.of(Shape.BATCH, 4));
        op.inferTypes(List.of(batched, new TensorType(DType.I64, Shape.of(Shape.BATCH, 7))));
        assertThrows(IrException.class, () -> op.inferTypes(List.of(batched, TensorType.of(DType.I64, 1, 4))));
    }
}
