package kiln.bench;

import java.util.Arrays;
import java.util.List;

/** Times of single runs, in milliseconds. */
record Samples(double[] ms) {
    Samples {
        if (ms.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        ms = ms.clone();
        Arrays.sort(ms);
    }

    static Samples of(List<Double> ms) {
        return new Samples(ms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    double median() {
        int n = ms.length;
        return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    }

    double best() {
        return ms[0];
    }

    int count() {
        return ms.length;
    }
}
