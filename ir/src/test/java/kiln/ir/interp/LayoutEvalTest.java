package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.iota;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unsqueeze;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Ops that only move elements: they must move every dtype's bits exactly. */
@Covers({Reshape.class, Flatten.class, Transpose.class, Squeeze.class, Unsqueeze.class, Split.class, Concat.class,
    Slice.class, Pad.class, Gather.class})
class LayoutEvalTest {
    private static final long BIG = 9007199254740993L;

    @Test
    void reshapeKeepsCOrderAndCopies() {
        Tensor x = iota(DType.F32, 2, 3);
        Tensor r = eval(new Reshape(Shape.of(3, 2)), x);
        assertValues(r, shape(3, 2), 1, 2, 3, 4, 5, 6);
        r.setDouble(0, 99);
        assertEquals(1, x.getDouble(0), "the result must not alias the input");
        assertLongs(eval(new Reshape(Shape.of(2)), i64(shape(2, 1), BIG, -BIG)), shape(2), BIG, -BIG);
        assertValues(eval(new Reshape(Shape.of(0, 5)), f32(shape(5, 0))), shape(0, 5));
        assertValues(eval(new Reshape(Shape.of()), f32(shape(1, 1), 4)), shape(), 4);
    }

    @Test
    void flatten() {
        Tensor x = iota(DType.F32, 2, 3, 4);
        assertValues(eval(new Flatten(2), x), shape(6, 4), x.toDoubleArray());
        assertValues(eval(new Flatten(0), x), shape(1, 24), x.toDoubleArray());
        assertValues(eval(new Flatten(3), x), shape(24, 1), x.toDoubleArray());
        assertValues(eval(new Flatten(-1), x), shape(6, 4), x.toDoubleArray());
    }

    @Test
    void transpose() {
        assertValues(eval(new Transpose(List.of(1, 0)), iota(DType.F32, 2, 3)), shape(3, 2), 1, 4, 2, 5, 3, 6);
        // Output axis i is input axis perm[i]: [2, 3, 4] with perm [2, 0, 1] is [4, 2, 3].
        Tensor x = iota(DType.F64, 2, 3, 4);
        Tensor t = eval(new Transpose(List.of(2, 0, 1)), x);
        assertEquals(4 * 2 * 3, t.size());
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(x.getDouble((i * 3 + j) * 4 + k), t.getDouble((k * 2 + i) * 3 + j));
                }
            }
        }
        assertValues(t, shape(4, 2, 3), t.toDoubleArray());
        assertLongs(eval(new Transpose(List.of(1, 0)), i64(shape(1, 2), BIG, 1)), shape(2, 1), BIG, 1);
        assertValues(eval(new Transpose(List.of(1, 0)), f32(shape(0, 3))), shape(3, 0));
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor x = f32(shape(1, 3, 1), 1, 2, 3);
        assertValues(eval(new Squeeze(List.of()), x), shape(3), 1, 2, 3);
        assertValues(eval(new Squeeze(List.of(-1)), x), shape(1, 3), 1, 2, 3);
        assertValues(eval(new Unsqueeze(List.of(0, -1)), f32(shape(3), 1, 2, 3)), shape(1, 3, 1), 1, 2, 3);
        assertValues(eval(new Unsqueeze(List.of(1)), f32(shape(2, 0))), shape(2, 1, 0));
        assertValues(eval(new Unsqueeze(List.of(0)), f32(shape(), 5)), shape(1), 5);
    }

    @Test
    void split() {
        Tensor x = iota(DType.F32, 2, 5);
        List<Tensor> parts = ReferenceInterpreter.evaluate(new Split(1, List.of(2, 0, 3)), List.of(x));
        assertEquals(3, parts.size());
        assertValues(parts.get(0), shape(2, 2), 1, 2, 6, 7);
        assertValues(parts.get(1), shape(2, 0));
        assertValues(parts.get(2), shape(2, 3), 3, 4, 5, 8, 9, 10);
        List<Tensor> rows = ReferenceInterpreter.evaluate(new Split(-2, List.of(1, 1)), List.of(x));
        assertValues(rows.get(1), shape(1, 5), 6, 7, 8, 9, 10);
    }

    @Test
    void concat() {
        Tensor a = iota(DType.F32, 2, 2);
        Tensor b = f32(shape(2, 1), 9, 10);
        Tensor empty = f32(shape(2, 0));
        assertValues(eval(new Concat(-1), a, empty, b), shape(2, 3), 1, 2, 9, 3, 4, 10);
        assertValues(eval(new Concat(0), a, f32(shape(1, 2), 7, 8)), shape(3, 2), 1, 2, 3, 4, 7, 8);
        assertValues(eval(new Concat(0), f32(shape(0, 2))), shape(0, 2));
        Tensor bools = eval(new Concat(0), Tensor.of(DType.BOOL, shape(2), 1, 0), Tensor.of(DType.BOOL, shape(1), 1));
        assertEquals(DType.BOOL, bools.dtype());
        assertLongs(bools, shape(3), 1, 0, 1);
        assertComplex(eval(new Concat(0), c64(shape(1), 1, 2), c64(shape(1), 3, -4)), shape(2), 0, 1, 2, 3, -4);
    }

    @Test
    void sliceWithStepsAndClamping() {
        Tensor x = iota(DType.I64, 10);
        // Elements are 1..10 at positions 0..9.
        assertLongs(eval(new Slice(List.of(-3), List.of(100), List.of(0), List.of(1)), x), shape(3), 8, 9, 10);
        assertLongs(eval(new Slice(List.of(8), List.of(1), List.of(0), List.of(-2)), x), shape(4), 9, 7, 5, 3);
        assertLongs(eval(new Slice(List.of(5), List.of(2), List.of(0), List.of(1)), x), shape(0));
        assertLongs(eval(new Slice(List.of(-1), List.of(Integer.MIN_VALUE), List.of(0), List.of(-1)), x), shape(10),
                10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertLongs(eval(new Slice(List.of(1), List.of(10), List.of(0), List.of(4)), x), shape(3), 2, 6, 10);
        assertLongs(eval(new Slice(List.of(10), List.of(20), List.of(0), List.of(1)), x), shape(0));
    }

    @Test
    void sliceSeveralAxes() {
        Tensor x = iota(DType.F32, 3, 4);
        assertValues(eval(new Slice(List.of(1, 0), List.of(3, 4), List.of(0, 1), List.of(1, 2)), x), shape(2, 2), 5,
                7, 9, 11);
        assertValues(eval(new Slice(List.of(-1), List.of(-5), List.of(-1), List.of(-1)), x), shape(3, 4), 4, 3, 2, 1,
                8, 7, 6, 5, 12, 11, 10, 9);
        assertValues(eval(new Slice(List.of(0), List.of(0), List.of(1), List.of(1)), x), shape(3, 0));
        // Slicing an empty axis, forwards or backwards, gives an empty axis.
        assertValues(eval(new Slice(List.of(0), List.of(5), List.of(1), List.of(1)), f32(shape(2, 0))), shape(2, 0));
        assertValues(eval(new Slice(List.of(-1), List.of(-5), List.of(1), List.of(-1)), f32(shape(2, 0))),
                shape(2, 0));
    }

    @Test
    void padConstantReflectEdge() {
        Tensor x = f32(shape(3), 1, 2, 3);
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(2), List.of(1), 9), x), shape(6), 9, 9, 1, 2, 3, 9);
        assertValues(eval(new Pad(PadMode.REFLECT, List.of(2), List.of(2), 0), x), shape(7), 3, 2, 1, 2, 3, 2, 1);
        assertValues(eval(new Pad(PadMode.EDGE, List.of(2), List.of(2), 0), x), shape(7), 1, 1, 1, 2, 3, 3, 3);
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(0), List.of(0), 9), x), shape(3), 1, 2, 3);
    }

    @Test
    void negativePadsCrop() {
        Tensor x = f32(shape(3), 1, 2, 3);
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(-1), List.of(1), 0), x), shape(3), 2, 3, 0);
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(-1), List.of(-2), 0), x), shape(0));
        // Reflection is about the original edges: pad by 2 then crop 1 from the front.
        assertValues(eval(new Pad(PadMode.REFLECT, List.of(-1), List.of(2), 0), x), shape(4), 2, 3, 2, 1);
        assertValues(eval(new Pad(PadMode.EDGE, List.of(1), List.of(-2), 0), x), shape(2), 1, 1);
    }

    @Test
    void padTwoDimensionsAndOtherDtypes() {
        Tensor x = f32(shape(2, 2), 1, 2, 3, 4);
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(1, 0), List.of(0, 1), -1), x), shape(3, 3), -1, -1, -1, 1,
                2, -1, 3, 4, -1);
        assertValues(eval(new Pad(PadMode.REFLECT, List.of(1, 1), List.of(1, 1), 0), iota(DType.F32, 2, 2)),
                shape(4, 4), 4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1);
        assertValues(eval(new Pad(PadMode.EDGE, List.of(0, 1), List.of(0, 1), 0), x), shape(2, 4), 1, 1, 2, 2, 3, 3,
                4, 4);
        assertLongs(eval(new Pad(PadMode.CONSTANT, List.of(1), List.of(0), 5), i64(shape(1), BIG)), shape(2), 5, BIG);
        assertComplex(eval(new Pad(PadMode.CONSTANT, List.of(0), List.of(1), 2.5), c64(shape(1), 1, -1)), shape(2), 0,
                1, -1, 2.5, 0);
        assertBits(eval(new Pad(PadMode.CONSTANT, List.of(1), List.of(1), Double.NaN), f32(shape(1), -0.0)), shape(3),
                Double.NaN, -0.0, Double.NaN);
        // A constant pad of an empty axis is all fill.
        assertValues(eval(new Pad(PadMode.CONSTANT, List.of(1), List.of(1), 7), f32(shape(0))), shape(2), 7, 7);
    }

    @Test
    void gather() {
        Tensor x = iota(DType.F32, 3, 2);
        assertValues(eval(new Gather(0), x, i64(shape(2), 2, 0)), shape(2, 2), 5, 6, 1, 2);
        assertValues(eval(new Gather(0), x, i64(shape(3), -1, -3, 1)), shape(3, 2), 5, 6, 1, 2, 3, 4);
        assertValues(eval(new Gather(1), x, i32(shape(1), 1)), shape(3, 1), 2, 4, 6);
        assertValues(eval(new Gather(-1), x, i64(shape(2, 2), 1, 0, 0, 0)), shape(3, 2, 2), 2, 1, 1, 1, 4, 3, 3, 3, 6,
                5, 5, 5);
        // A scalar index removes the axis.
        assertValues(eval(new Gather(0), x, i64(shape(), 1)), shape(2), 3, 4);
        assertValues(eval(new Gather(0), x, i64(shape(0))), shape(0, 2));
        assertLongs(eval(new Gather(0), i64(shape(2), 7, BIG), i64(shape(1), 1)), shape(1), BIG);
    }

    @Test
    void gatherRejectsAnIndexOutOfRange() {
        Tensor x = iota(DType.F32, 3, 2);
        IrException high = assertThrows(IrException.class, () -> eval(new Gather(0), x, i64(shape(2), 0, 3)));
        assertTrue(high.getMessage().contains("index 3"), high.getMessage());
        assertTrue(high.getMessage().contains("size 3"), high.getMessage());
        IrException low = assertThrows(IrException.class, () -> eval(new Gather(1), x, i32(shape(1), -3)));
        assertTrue(low.getMessage().contains("index -3"), low.getMessage());
        assertFalse(low.getMessage().isBlank());
    }
}
