package kiln.bench;

import java.util.Map;

/** Whether two engines computed the same thing: the normwise relative error of one's outputs against the other's. */
final class Agreement {
    /** The largest normwise relative error the suite accepts between Kiln and ONNX Runtime (both in f32). */
    static final double TOLERANCE = 1e-4;

    private Agreement() {
    }

    /** ‖actual − expected‖₂ / ‖expected‖₂ (0 when both are zero). */
    static double normwise(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("outputs of " + expected.length + " and " + actual.length + " elements");
        }
        double d = 0;
        double n = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = (double) actual[i] - expected[i];
            d += diff * diff;
            n += (double) expected[i] * expected[i];
        }
        return d == 0 ? 0 : Math.sqrt(d / Math.max(n, Double.MIN_NORMAL));
    }

    /**
     * The largest error over the outputs of {@code expected}, matched by name, or in order when the names
     * differ (an exporter may rename outputs); NaN anywhere gives NaN.
     */
    static double worst(Map<String, float[]> expected, Map<String, float[]> actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalArgumentException("outputs " + expected.keySet() + " against " + actual.keySet());
        }
        boolean byName = expected.keySet().equals(actual.keySet());
        var actualInOrder = actual.values().iterator();
        double worst = 0;
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] a = byName ? actual.get(e.getKey()) : actualInOrder.next();
            double err = normwise(e.getValue(), a);
            if (Double.isNaN(err)) {
                return Double.NaN;
            }
            worst = Math.max(worst, err);
        }
        return worst;
    }
}
