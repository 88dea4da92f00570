package kiln.tests.onnx;

import java.util.Arrays;
import kiln.runtime.Tensor;

/**
 * Output comparison as the ONNX backend tests do it: floats agree when {@code |a − e| ≤ atol + rtol·|e|}
 * (NaN matching NaN, infinities matching exactly), everything else must be equal.
 */
record Tolerance(double rtol, double atol) {
    /** The ONNX node-test suite's default tolerances. */
    static final Tolerance NODE_TESTS = new Tolerance(1e-3, 1e-7);

    /** Why {@code actual} does not match {@code expected}, or null when it does. */
    Outcome.Failed compare(String output, Tensor expected, Tensor actual) {
        if (expected.dtype() != actual.dtype()) {
            return new Outcome.Failed(Outcome.Reason.TYPE_MISMATCH, output + ": expected " + expected.typeString()
                    + ", got " + actual.typeString());
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return new Outcome.Failed(Outcome.Reason.SHAPE_MISMATCH, output + ": expected " + expected.typeString()
                    + ", got " + actual.typeString());
        }
        boolean floating = expected.dtype().isFloat() || expected.dtype().isComplex();
        int parts = expected.dtype().isComplex() ? 2 : 1;
        for (long i = 0; i < expected.size(); i++) {
            for (int p = 0; p < parts; p++) {
                double e = p == 0 ? expected.getReal(i) : expected.getImag(i);
                double a = p == 0 ? actual.getReal(i) : actual.getImag(i);
                boolean ok = floating ? close(e, a) : expected.getLong(i) == actual.getLong(i);
                if (!ok) {
                    return new Outcome.Failed(Outcome.Reason.RESULT_DIFFERS, output + ": element " + i + " is " + a
                            + ", expected " + e + " (rtol " + rtol + ", atol " + atol + ")");
                }
            }
        }
        return null;
    }

    private boolean close(double e, double a) {
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        if (Double.isInfinite(e) || Double.isInfinite(a)) {
            return e == a;
        }
        return Math.abs(a - e) <= atol + rtol * Math.abs(e);
    }
}
