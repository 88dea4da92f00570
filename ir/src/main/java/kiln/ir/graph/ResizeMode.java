package kiln.ir.graph;

/** How {@link Resize} computes an output element from the input around its source coordinate. */
public enum ResizeMode {
    /** The nearest input element, as {@link NearestRounding} picks it. */
    NEAREST,
    /** Linear interpolation between the two neighbours on each axis (bilinear, trilinear, ...). */
    LINEAR,
    /** Keys' cubic convolution over the four neighbours on each axis (bicubic), with parameter A. */
    CUBIC
}
