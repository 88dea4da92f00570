package kiln.tests.onnx;

import java.util.List;

/** What happened to one node test on one engine, in the categories of ONNX Runtime's test runner. */
sealed interface Outcome {
    record Succeeded() implements Outcome {
    }

    /** The importer refused the model: operators (or attributes, types) Kiln does not support. */
    record NotImplemented(List<String> operators, String message) implements Outcome {
    }

    record Failed(Reason reason, String message) implements Outcome {
    }

    /** Why a test failed; the labels are ONNX Runtime's. */
    enum Reason {
        RESULT_DIFFERS("Result differs"),
        SHAPE_MISMATCH("Shape mismatch"),
        TYPE_MISMATCH("Type mismatch"),
        INVALID_GRAPH("Invalid graph"),
        OTHER("Other reason");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
