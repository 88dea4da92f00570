package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertComplex;
import static kiln.ir.interp.TestTensors.c64;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.MakeComplex;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Building c64 tensors from parts and taking them apart. */
@Covers({MakeComplex.class, ComplexPart.class})
class ComplexEvalTest {
    @Test
    void makeComplexBroadcastsItsParts() {
        assertComplex(eval(new MakeComplex(), f32(shape(2), 1, 2), f32(shape(2), 3, -4)), shape(2), 0, 1, 3, 2, -4);
        assertComplex(eval(new MakeComplex(), f32(shape(2), 1, 2), f32(shape(), 5)), shape(2), 0, 1, 5, 2, 5);
        assertComplex(eval(new MakeComplex(), f32(shape(2, 1), 1, 2), f32(shape(3), 7, 8, 9)), shape(2, 3), 0,
                1, 7, 1, 8, 1, 9, 2, 7, 2, 8, 2, 9);
        assertComplex(eval(new MakeComplex(), f32(shape(0)), f32(shape(1), 1)), shape(0), 0);
    }

    @Test
    void realAndImaginaryParts() {
        Tensor z = c64(shape(3), 1, -2, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 0.5);
        Tensor re = eval(new ComplexPart(false), z);
        Tensor im = eval(new ComplexPart(true), z);
        assertEquals(DType.F32, re.dtype());
        assertBits(re, shape(3), 1, -0.0, Double.POSITIVE_INFINITY);
        assertBits(im, shape(3), -2, Double.NaN, 0.5);
    }

    @Test
    void partsRoundTrip() {
        Tensor z = c64(shape(2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor back = eval(new MakeComplex(), eval(new ComplexPart(false), z), eval(new ComplexPart(true), z));
        assertEquals(true, back.contentEquals(z));
    }
}
