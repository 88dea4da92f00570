/**
 * ONNX in and out of Kiln.
 *
 * <p>Import: {@link kiln.frontend.onnx.OnnxImporter} parses a model with the message schema in
 * {@code src/main/proto/onnx.proto}, reads tensors ({@link kiln.frontend.onnx.TensorProtos}, external data
 * confined to the model's folder), and converts node by node: {@code OpTable} maps each operator type to a
 * converter ({@code ElementwiseOps}, {@code ConvOps}, {@code PoolOps}, {@code NormOps}, {@code ReduceOps},
 * {@code ShapeOps}, {@code DftOps}, {@code ConstantOps}), which builds IR through the {@code Emitter}; the
 * emitter evaluates every op whose inputs are all constants with the reference interpreter, which is how shape
 * computations fold. Problems are collected per node and reported together in an
 * {@link kiln.frontend.onnx.OnnxException}.
 *
 * <p>Export: {@link kiln.frontend.onnx.OnnxExporter} writes Graph IR as ONNX opset 17, one IR node at a time
 * ({@code ExportOps} and its helpers), composing ONNX operators where ONNX has no direct equivalent.
 *
 * <p>See {@code docs/onnx.md} for the operator tables and the rules.
 */
package kiln.frontend.onnx;
