package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;

import kiln.ir.graph.Gemm;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MatMul;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Matrix products: numpy matmul's promotion and broadcasting rules, ONNX Gemm, the linear layer. */
@Covers({MatMul.class, Gemm.class, Linear.class})
class MatMulEvalTest {
    private static final Tensor A = f32(shape(2, 2), 1, 2, 3, 4);
    private static final Tensor B = f32(shape(2, 2), 5, 6, 7, 8);

    @Test
    void matrixTimesMatrix() {
        Tensor a = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = f32(shape(3, 2), 7, 8, 9, 10, 11, 12);
        assertValues(eval(new MatMul(), a, b), shape(2, 2), 58, 64, 139, 154);
    }

    @Test
    void vectorsArePromotedAndTheirAxisDropped() {
        Tensor v = f32(shape(3), 1, 2, 3);
        assertValues(eval(new MatMul(), v, f32(shape(3), 4, 5, 6)), shape(), 32);
        assertValues(eval(new MatMul(), A, f32(shape(2), 5, 6)), shape(2), 17, 39);
        assertValues(eval(new MatMul(), f32(shape(2), 5, 6), A), shape(2), 23, 34);
        // A vector against a batch of matrices: [2] · [3, 2, 2] → [3, 2].
        Tensor stack = f32(shape(3, 2, 2), 1, 0, 0, 1, 2, 0, 0, 2, 0, 1, 1, 0);
        assertValues(eval(new MatMul(), f32(shape(2), 5, 6), stack), shape(3, 2), 5, 6, 10, 12, 6, 5);
        assertValues(eval(new MatMul(), stack, f32(shape(2), 5, 6)), shape(3, 2), 5, 6, 10, 12, 6, 5);
    }

    @Test
    void leadingAxesBroadcast() {
        Tensor stack = f64(shape(3, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Tensor identity = f64(shape(2, 2), 1, 0, 0, 1);
        assertValues(eval(new MatMul(), identity, stack), shape(3, 2, 2), stack.toDoubleArray());
        // [2, 1, 1, 2] · [3, 2, 1] → [2, 3, 1, 1]: each row against each column.
        Tensor rows = f64(shape(2, 1, 1, 2), 1, 1, 1, -1);
        Tensor cols = f64(shape(3, 2, 1), 1, 2, 3, 4, 5, 7);
        assertValues(eval(new MatMul(), rows, cols), shape(2, 3, 1, 1), 3, 7, 12, -1, -1, -2);
    }

    @Test
    void emptyInnerAndOuterDimensions() {
        assertValues(eval(new MatMul(), f32(shape(2, 0)), f32(shape(0, 3))), shape(2, 3), 0, 0, 0, 0, 0, 0);
        assertValues(eval(new MatMul(), f32(shape(0, 2)), A), shape(0, 2));
        assertValues(eval(new MatMul(), f32(shape(0, 2, 2)), A), shape(0, 2, 2));
    }

    @Test
    void integerProductsAreExact() {
        assertLongs(eval(new MatMul(), i64(shape(1, 2), 3037000499L, 1), i64(shape(2, 1), 3037000499L, 1)),
                shape(1, 1), 9223372030926249002L);
        assertLongs(eval(new MatMul(), i32(shape(2, 2), 1, 2, 3, 4), i32(shape(2, 2), 5, 6, 7, 8)), shape(2, 2), 19,
                22, 43, 50);
    }

    @Test
    void accumulatesInDouble() {
        assertValues(eval(new MatMul(), f32(shape(1, 3), 1e8, 1, -1e8), f32(shape(3, 1), 1, 1, 1)), shape(1, 1), 1);
    }

    @Test
    void gemmTransposesAndScales() {
        assertValues(eval(new Gemm(1, 1, false, false), A, B), shape(2, 2), 19, 22, 43, 50);
        assertValues(eval(new Gemm(1, 1, true, false), A, B), shape(2, 2), 26, 30, 38, 44);
        assertValues(eval(new Gemm(1, 1, false, true), A, B), shape(2, 2), 17, 23, 39, 53);
        assertValues(eval(new Gemm(1, 1, true, true), A, B), shape(2, 2), 23, 31, 34, 46);
        // 2·AB + 3·C with C a row broadcast over the rows.
        assertValues(eval(new Gemm(2, 3, false, false), A, B, f32(shape(2), 1, 10)), shape(2, 2), 41, 74, 89, 130);
        assertValues(eval(new Gemm(1, 0.5, false, false), A, B, f32(shape(), 4)), shape(2, 2), 21, 24, 45, 52);
        assertValues(eval(new Gemm(1, 1, false, false), A, B, f32(shape(2, 1), 1, 2)), shape(2, 2), 20, 23, 45, 52);
    }

    @Test
    void gemmNonSquareTransposes() {
        // Aᵀ with A stored as [3, 2] is [2, 3]; Bᵀ with B stored as [1, 3] is [3, 1].
        Tensor a = f64(shape(3, 2), 1, 4, 2, 5, 3, 6);
        Tensor b = f64(shape(1, 3), 1, 1, 1);
        assertValues(eval(new Gemm(1, 1, true, true), a, b), shape(2, 1), 6, 15);
    }

    @Test
    void gemmWithZeroBetaStillSeesNanInC() {
        assertValues(eval(new Gemm(1, 0, false, false), A, B, f32(shape(), Double.NaN)), shape(2, 2), Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void integerGemm() {
        assertLongs(eval(new Gemm(2, 3, false, false), i64(shape(1, 1), 5), i64(shape(1, 1), 7), i64(shape(1), 1)),
                shape(1, 1), 73);
        // A fractional scale computes in double and truncates toward zero once.
        assertLongs(eval(new Gemm(0.5, 1, false, false), i64(shape(1, 2), 3, -3), i64(shape(2, 2), 1, 0, 0, 1)),
                shape(1, 2), 1, -1);
    }

    @Test
    void linear() {
        Tensor x = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor w = f32(shape(2, 3), 1, 0, -1, 2, 1, 0);
        assertValues(eval(new Linear(), x, w, f32(shape(2), 10, 20)), shape(2, 2), 8, 24, 8, 33);
        assertValues(eval(new Linear(), x, w), shape(2, 2), -2, 4, -2, 13);
        // Any number of leading axes, including none.
        assertValues(eval(new Linear(), f32(shape(2, 1, 3), 1, 2, 3, 4, 5, 6), w), shape(2, 1, 2), -2, 4, -2, 13);
        assertValues(eval(new Linear(), f32(shape(3), 1, 2, 3), w), shape(2), -2, 4);
        assertValues(eval(new Linear(), f32(shape(0, 3)), w), shape(0, 2));
        // No input features: the bias alone.
        assertValues(eval(new Linear(), f32(shape(2, 0)), f32(shape(1, 0)), f32(shape(1), 7)), shape(2, 1), 7, 7);
    }
}
