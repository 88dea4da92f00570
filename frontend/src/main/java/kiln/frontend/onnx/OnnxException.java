package kiln.frontend.onnx;

import java.util.List;

/**
 * An ONNX model Kiln cannot import, with every problem found in it: the importer goes on past an
 * unsupported node (skipping what depends on it) so that one run reports all of them. Each problem has a
 * stable {@link Kind}, which tools and tests branch on, never on the wording.
 *
 * <p>{@link #getMessage()} is ready to print: a first line naming the file, then one line per problem,
 * {@code node 'NAME' (OpType): message [OXnnn]}.
 */
public final class OnnxException extends RuntimeException {

    /** What kind of problem; codes are stable. */
    public enum Kind {
        /** The file is missing, unreadable or not an ONNX model. */
        UNREADABLE("OX001"),
        /** External tensor data is missing, too short, or points outside the model's folder. */
        EXTERNAL_DATA("OX002"),
        /** An operator Kiln does not import (yet). */
        UNSUPPORTED_OPERATOR("OX101"),
        /** A supported operator used with an attribute, attribute value or input form Kiln does not handle. */
        UNSUPPORTED_ATTRIBUTE("OX102"),
        /** An element type or value kind (sequence, map, optional, dynamic dimension) Kiln does not handle. */
        UNSUPPORTED_TYPE("OX103"),
        /**
         * A value Kiln needs while compiling (a shape, axes, pads, sizes) is only known when the model runs,
         * e.g. because it is a model input. {@link Problem#value()} names it.
         */
        NEEDS_CONSTANT("OX201"),
        /** The model breaks the ONNX specification: undefined names, wrong attribute types, ill-typed nodes. */
        INVALID_MODEL("OX301");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** True for the kinds that mean "Kiln does not support this", as opposed to a broken model. */
        public boolean isUnsupported() {
            return this == UNSUPPORTED_OPERATOR || this == UNSUPPORTED_ATTRIBUTE || this == UNSUPPORTED_TYPE;
        }
    }

    /**
     * One problem. {@code node} describes where ({@code node 'Conv_0'}, {@code input 'x'}, or empty for the
     * whole model), {@code operator} is the ONNX operator type or empty, {@code value} the ONNX value name a
     * {@link Kind#NEEDS_CONSTANT} problem is about (else empty).
     */
    public record Problem(Kind kind, String node, String operator, String message, String value) {
        @Override
        public String toString() {
            String where = node.isEmpty() ? "" : node + (operator.isEmpty() ? "" : " (" + operator + ")") + ": ";
            return where + message + " [" + kind.code() + "]";
        }
    }

    private final String source;
    private final List<Problem> problems;

    public OnnxException(String source, List<Problem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** A single problem about the whole file. */
    public OnnxException(String source, Kind kind, String message) {
        this(source, List.of(new Problem(kind, "", "", message, "")));
    }

    /** The model file (or other source) the problems are in. */
    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(String source, List<Problem> problems) {
        if (problems.size() == 1) {
            return source + ": " + problems.getFirst();
        }
        StringBuilder sb = new StringBuilder(source).append(": cannot import the model (").append(problems.size())
                .append(" problems):");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
