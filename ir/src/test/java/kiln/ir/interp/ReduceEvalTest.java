package kiln.ir.interp;

import static kiln.ir.interp.TestTensors.assertBits;
import static kiln.ir.interp.TestTensors.assertLongs;
import static kiln.ir.interp.TestTensors.assertValues;
import static kiln.ir.interp.TestTensors.eval;
import static kiln.ir.interp.TestTensors.f32;
import static kiln.ir.interp.TestTensors.f64;
import static kiln.ir.interp.TestTensors.i32;
import static kiln.ir.interp.TestTensors.i64;
import static kiln.ir.interp.TestTensors.shape;

import java.util.List;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Softmax;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** Reductions over any axes, with and without kept dimensions, and softmax. */
@Covers({Reduce.class, Softmax.class})
class ReduceEvalTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Tensor M = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);

    private static Reduce reduce(ReduceKind kind, boolean keep, Integer... axes) {
        return new Reduce(kind, List.of(axes), keep);
    }

    @Test
    void sumMeanMaxMinAlongEachAxis() {
        assertValues(eval(reduce(ReduceKind.SUM, false, 0), M), shape(3), 5, 7, 9);
        assertValues(eval(reduce(ReduceKind.SUM, false, 1), M), shape(2), 6, 15);
        assertValues(eval(reduce(ReduceKind.MEAN, false, -1), M), shape(2), 2, 5);
        assertValues(eval(reduce(ReduceKind.MAX, false, 0), M), shape(3), 4, 5, 6);
        assertValues(eval(reduce(ReduceKind.MIN, false, -2), M), shape(3), 1, 2, 3);
    }

    @Test
    void keepDimsAndAllAxes() {
        assertValues(eval(reduce(ReduceKind.SUM, true, 1), M), shape(2, 1), 6, 15);
        assertValues(eval(reduce(ReduceKind.SUM, false), M), shape(), 21);
        assertValues(eval(reduce(ReduceKind.MEAN, true), M), shape(1, 1), 3.5);
        assertValues(eval(reduce(ReduceKind.MAX, false, 1, 0), M), shape(), 6);
        // A scalar reduced over no axes is itself.
        assertValues(eval(reduce(ReduceKind.MEAN, false), f32(shape(), 7)), shape(), 7);
    }

    @Test
    void middleAxisOfRankThree() {
        Tensor x = f64(shape(2, 3, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertValues(eval(reduce(ReduceKind.SUM, false, 1), x), shape(2, 2), 9, 12, 27, 30);
        assertValues(eval(reduce(ReduceKind.SUM, true, 0, 2), x), shape(1, 3, 1), 18, 26, 34);
    }

    @Test
    void emptySlicesAndEmptyResults() {
        // The sum of nothing is 0.
        assertValues(eval(reduce(ReduceKind.SUM, false, 1), f32(shape(2, 0))), shape(2), 0, 0);
        assertValues(eval(reduce(ReduceKind.SUM, false), f32(shape(0))), shape(), 0);
        assertLongs(eval(reduce(ReduceKind.SUM, true, 0), i64(shape(0, 2))), shape(1, 2), 0, 0);
        // Reducing the non-empty axis of an empty tensor gives an empty result.
        assertValues(eval(reduce(ReduceKind.MAX, false, 1), f32(shape(0, 3))), shape(0));
    }

    @Test
    void nanAndSignedZero() {
        Tensor x = f64(shape(4), 1, NAN, 3, -INF);
        assertBits(eval(reduce(ReduceKind.MAX, false), x), shape(), NAN);
        assertBits(eval(reduce(ReduceKind.MIN, false), x), shape(), NAN);
        assertBits(eval(reduce(ReduceKind.SUM, false), x), shape(), NAN);
        assertBits(eval(reduce(ReduceKind.MAX, false), f64(shape(2), -0.0, 0.0)), shape(), 0.0);
        assertBits(eval(reduce(ReduceKind.MIN, false), f64(shape(2), 0.0, -0.0)), shape(), -0.0);
        assertBits(eval(reduce(ReduceKind.MAX, false), f64(shape(2), -INF, -INF)), shape(), -INF);
        assertBits(eval(reduce(ReduceKind.SUM, false), f64(shape(2), INF, -INF)), shape(), NAN);
    }

    @Test
    void accumulatesInDouble() {
        assertValues(eval(reduce(ReduceKind.SUM, false), f32(shape(3), 1e8, 1, -1e8)), shape(), 1);
        assertValues(eval(reduce(ReduceKind.MEAN, false), f32(shape(4), 1e8, 1, -1e8, 1)), shape(), 0.5);
    }

    @Test
    void integersAreExact() {
        assertLongs(eval(reduce(ReduceKind.SUM, false), i64(shape(3), 1L << 62, 1L << 62, -(1L << 62) + 1)), shape(),
                (1L << 62) + 1);
        assertLongs(eval(reduce(ReduceKind.SUM, false), i32(shape(2), Integer.MAX_VALUE, 1)), shape(),
                Integer.MIN_VALUE);
        // The mean truncates toward zero.
        assertLongs(eval(reduce(ReduceKind.MEAN, false, 1), i64(shape(3, 2), 1, 2, -1, -2, 7, 7)), shape(3), 1, -1, 7);
        assertLongs(eval(reduce(ReduceKind.MAX, false, 0), i64(shape(2, 2), Long.MIN_VALUE, 5, -3, Long.MAX_VALUE)),
                shape(2), -3, Long.MAX_VALUE);
        assertLongs(eval(reduce(ReduceKind.MIN, false, 0), i32(shape(2, 2), 4, 5, -3, 9)), shape(2), -3, 5);
    }

    @Test
    void softmaxValues() {
        // e^(x - 3) / Σ for x = 1, 2, 3.
        assertValues(eval(new Softmax(-1), f64(shape(3), 1, 2, 3)), shape(3), 0.09003057317038046,
                0.24472847105479767, 0.6652409557748219);
        // Subtracting the maximum keeps large inputs finite.
        assertValues(eval(new Softmax(0), f32(shape(2), 1000, 1000)), shape(2), 0.5, 0.5);
        assertValues(eval(new Softmax(0), f32(shape(3), -INF, 0, -INF)), shape(3), 0, 1, 0);
        assertValues(eval(new Softmax(0), f32(shape(1), -5)), shape(1), 1);
    }

    @Test
    void softmaxAlongAnyAxis() {
        double a = 1 / (1 + Math.E);
        double b = Math.E / (1 + Math.E);
        Tensor x = f64(shape(2, 2), 0, 5, 1, 5);
        assertValues(eval(new Softmax(0), x), shape(2, 2), a, 0.5, b, 0.5);
        assertValues(eval(new Softmax(1), x), shape(2, 2), 1 / (1 + Math.exp(5)), Math.exp(5) / (1 + Math.exp(5)),
                1 / (1 + Math.exp(4)), Math.exp(4) / (1 + Math.exp(4)));
        Tensor y = f64(shape(1, 2, 2), 0, 0, 1, 0);
        assertValues(eval(new Softmax(-2), y), shape(1, 2, 2), a, 0.5, b, 0.5);
    }

    @Test
    void softmaxOfDegenerateRows() {
        // A row that is all -inf (fully masked) gives NaN, as in PyTorch; so does +inf or NaN in a row.
        assertBits(eval(new Softmax(1), f64(shape(3, 2), -INF, -INF, INF, 0, NAN, 0)), shape(3, 2), NAN, NAN, NAN,
                NAN, NAN, NAN);
        assertValues(eval(new Softmax(1), f32(shape(2, 0))), shape(2, 0));
        assertValues(eval(new Softmax(0), f32(shape(0, 2))), shape(0, 2));
    }
}
