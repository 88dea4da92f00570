package kiln.bench;

/**
 * What the suite found for one workload.
 *
 * @param name    the workload
 * @param cost    its flops and least bytes
 * @param kiln    Kiln's run times over the alternating rounds
 * @param ort     ONNX Runtime's run times over the same rounds
 * @param error   normwise relative error of Kiln's outputs against ONNX Runtime's
 * @param warmUp  how Kiln's warm-up went
 * @param compileSeconds Kiln's compile time
 */
record Result(String name, Cost cost, Samples kiln, Samples ort, double error, Sampler.WarmUp warmUp,
        double compileSeconds) {

    boolean agrees() {
        return error <= Agreement.TOLERANCE;
    }

    /** ONNX Runtime's median over Kiln's: above 1 Kiln is faster. */
    double ratio() {
        return ort.median() / kiln.median();
    }

    /** Kiln's GFLOP/s at its median time. */
    double gflops() {
        return cost.flops() / kiln.median() / 1e6;
    }
}
