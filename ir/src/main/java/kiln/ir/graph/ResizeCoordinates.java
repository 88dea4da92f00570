package kiln.ir.graph;

/**
 * How {@link Resize} maps an output coordinate {@code o} on an axis to a source coordinate {@code x} in the
 * input, ONNX's {@code coordinate_transformation_mode}. {@code in} is the input length, {@code s} the axis's
 * scale and {@code L = s·in} the resized length as a real number (it may have a fraction when the scale was
 * given rather than the size).
 */
public enum ResizeCoordinates {
    /** {@code x = (o + 0.5)/s − 0.5}: pixel centres line up. */
    HALF_PIXEL,
    /**
     * As {@link #HALF_PIXEL}, shifted so that the output is centred on the input when the output length had
     * to be rounded: {@code x = (in/2)·(1 − out/L) + (o + 0.5)/s − 0.5} (ONNX opset 19).
     */
    HALF_PIXEL_SYMMETRIC,
    /**
     * As {@link #HALF_PIXEL}, but {@code x = 0} when {@code L ≤ 1}, as the ONNX specification says (its reference
     * implementation takes −0.5 there, which differs only in cubic mode).
     */
    PYTORCH_HALF_PIXEL,
    /** {@code x = o·(in − 1)/(L − 1)}, or 0 when {@code L = 1}: the corner pixels line up. */
    ALIGN_CORNERS,
    /** {@code x = o/s}. */
    ASYMMETRIC,
    /**
     * TensorFlow's crop-and-resize: the region {@code [start, end]} of the axis (fractions of {@code in − 1},
     * from {@code roi}) is resized, {@code x = start·(in − 1) + o·(end − start)·(in − 1)/(L − 1)}, or its
     * middle when {@code L = 1}; a source coordinate outside {@code [0, in − 1]} gives the extrapolation value.
     */
    TF_CROP_AND_RESIZE
}
