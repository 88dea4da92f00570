package kiln.frontend.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.OnnxException.Problem;
import kiln.frontend.onnx.proto.OnnxProtos.GraphProto;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.frontend.onnx.proto.OnnxProtos.NodeProto;
import kiln.frontend.onnx.proto.OnnxProtos.OperatorSetIdProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorShapeProto;
import kiln.frontend.onnx.proto.OnnxProtos.TypeProto;
import kiln.frontend.onnx.proto.OnnxProtos.ValueInfoProto;
import kiln.ir.graph.Graph;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Imports an ONNX model (opsets 1 to {@value #MAX_OPSET} of the default domain, as far as the operators it
 * uses are supported) into Graph IR.
 *
 * <ul>
 * <li>Floating-point initializers become parameters, bound by name; integer and boolean initializers are
 *     constants (they hold shapes, axes and indices, which must be known at compile time).
 * <li>Anything computed from constants alone, such as the shape subgraphs PyTorch writes for padding and
 *     slicing, is evaluated at import by the reference interpreter and never reaches the graph.
 * <li>Operators the IR lacks are composed from IR ops ({@link OpTable} lists them).
 * <li>Every unsupported operator, attribute or type is collected and reported in one {@link OnnxException}.
 * </ul>
 */
public final class OnnxImporter {
    /** The newest default-domain opset whose operators' semantics Kiln has been checked against. */
    public static final int MAX_OPSET = 22;

    /**
     * How to import. {@code constantInputs}: values for some graph inputs, which then become constants (a
     * compiler needs shapes and axes at compile time even when a model takes them as inputs).
     */
    public record Options(Map<String, Tensor> constantInputs) {
        public static final Options DEFAULT = new Options(Map.of());

        public Options {
            constantInputs = Map.copyOf(constantInputs);
        }
    }

    private OnnxImporter() {
    }

    /** Reads and imports a model file; external data is read from the file's folder. */
    public static OnnxModel read(Path file) {
        return read(file, Options.DEFAULT);
    }

    public static OnnxModel read(Path file, Options options) {
        String source = file.toString();
        ModelProto model;
        try {
            model = ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(source, Kind.UNREADABLE, "not an ONNX model: " + e.getMessage());
        } catch (IOException | OutOfMemoryError e) {
            throw new OnnxException(source, Kind.UNREADABLE, "cannot read the file: " + e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return importModel(model, new ExternalData(folder, source), source, options);
    }

    /** Imports a parsed model whose tensors hold their data inline. */
    public static OnnxModel fromProto(ModelProto model, Options options) {
        return importModel(model, new ExternalData(null, "model"), "model", options);
    }

    private static OnnxModel importModel(ModelProto model, ExternalData external, String source, Options options) {
        int opset = defaultOpset(model, source);
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new GraphImport(model.getGraph(), opset, external, source, options).run(producer);
    }

    private static int defaultOpset(ModelProto model, String source) {
        Integer found = null;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                found = (int) o.getVersion();
            }
        }
        if (found == null) {
            throw new OnnxException(source, Kind.INVALID_MODEL,
                    "the model imports no version of the default operator set");
        }
        if (found < 1 || found > MAX_OPSET) {
            throw new OnnxException(source, Kind.UNSUPPORTED_OPERATOR, "opset " + found
                    + " is not supported; Kiln reads opsets 1 to " + MAX_OPSET);
        }
        return found;
    }

    /** The state of one graph's import. */
    private static final class GraphImport {
        private final GraphProto g;
        private final int opset;
        private final ExternalData external;
        private final String source;
        private final Options options;
        private final Emitter emitter = new Emitter();
        private final Map<String, Term> env = new HashMap<>();
        private final Set<String> poisoned = new HashSet<>();
        private final Map<String, Tensor> weights = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();

        GraphImport(GraphProto g, int opset, ExternalData external, String source, Options options) {
            this.g = g;
            this.opset = opset;
            this.external = external;
            this.source = source;
            this.options = options;
        }

        OnnxModel run(String producer) {
            Set<String> initialized = new HashSet<>();
            for (TensorProto t : g.getInitializerList()) {
                if (!initialized.add(t.getName())) {
                    problems.add(new Problem(Kind.INVALID_MODEL, "initializer '" + t.getName() + "'", "",
                            "the name is given to more than one initializer", ""));
                    continue;
                }
                initializer(t);
            }
            for (ValueInfoProto in : g.getInputList()) {
                if (!initialized.contains(in.getName())) {
                    input(in);
                }
            }
            for (String name : options.constantInputs().keySet()) {
                if (g.getInputList().stream().noneMatch(i -> i.getName().equals(name))) {
                    problems.add(new Problem(Kind.INVALID_MODEL, "", "", "no graph input is called '" + name + "'",
                            ""));
                }
            }
            for (int i = 0; i < g.getNodeCount(); i++) {
                node(g.getNode(i), i);
            }
            Map<String, Term> outputs = new LinkedHashMap<>();
            for (ValueInfoProto out : g.getOutputList()) {
                Term t = output(out);
                if (t != null) {
                    outputs.put(out.getName(), t);
                }
            }
            if (!problems.isEmpty()) {
                throw new OnnxException(source, problems);
            }
            Graph graph = emitter.finish(g.getName().isEmpty() ? "model" : g.getName(), outputs);
            Map<String, Tensor> bound = new LinkedHashMap<>();
            for (Value p : graph.params()) {
                bound.put(p.name(), weights.get(p.name()));
            }
            return new OnnxModel(graph, bound, opset, producer.trim());
        }

        private void initializer(TensorProto t) {
            Tensor value;
            try {
                value = TensorProtos.toTensor(t, external, source);
            } catch (OnnxException e) {
                e.problems().forEach(p -> problems.add(new Problem(p.kind(), "initializer '" + t.getName() + "'", "",
                        p.message(), "")));
                poisoned.add(t.getName());
                return;
            }
            if (value.dtype().isFloat() || value.dtype().isComplex()) {
                weights.put(t.getName(), value);
                env.put(t.getName(), emitter.weight(t.getName(), value));
            } else {
                env.put(t.getName(), Term.constant(value));
            }
        }

        private void input(ValueInfoProto in) {
            String name = in.getName();
            Tensor given = options.constantInputs().get(name);
            if (given != null) {
                env.put(name, Term.constant(given));
                return;
            }
            try {
                env.put(name, emitter.input(name, type(in.getType(), true)));
            } catch (NodeError e) {
                problems.add(new Problem(e.kind(), "input '" + name + "'", "", e.getMessage(), ""));
                poisoned.add(name);
            }
        }

        /** A tensor type; {@code batchAllowed}: a symbolic first dimension becomes the batch size N. */
        private static TensorType type(TypeProto type, boolean batchAllowed) {
            if (!type.hasTensorType()) {
                String kind = type.getValueCase().name().toLowerCase(java.util.Locale.ROOT).replace("_type", "");
                String article = kind.startsWith("o") ? "an " : "a ";
                throw NodeError.unsupportedType("it is " + (kind.equals("value_not_set") ? "of no type" : article + kind
                        + " value") + ", not a tensor");
            }
            TypeProto.Tensor t = type.getTensorType();
            DType dtype = ElementTypes.toDType(t.getElemType());
            if (dtype == null) {
                throw NodeError.unsupportedType("element type " + ElementTypes.name(t.getElemType())
                        + " is not supported");
            }
            if (!t.hasShape()) {
                throw NodeError.unsupportedType("it has no shape; Kiln compiles for known ranks and sizes");
            }
            int[] dims = new int[t.getShape().getDimCount()];
            for (int i = 0; i < dims.length; i++) {
                TensorShapeProto.Dimension d = t.getShape().getDim(i);
                if (d.hasDimValue() && d.getDimValue() >= 0 && d.getDimValue() <= Integer.MAX_VALUE) {
                    dims[i] = (int) d.getDimValue();
                } else if (i == 0 && batchAllowed && !d.hasDimValue()) {
                    dims[i] = Shape.BATCH;
                } else {
                    String dim = d.hasDimParam() ? "'" + d.getDimParam() + "'"
                            : d.hasDimValue() ? Long.toString(d.getDimValue()) : "?";
                    throw NodeError.unsupportedType("the dynamic dimension " + dim + " at axis " + i
                            + "; Kiln compiles for fixed sizes except a leading batch size");
                }
            }
            return new TensorType(dtype, Shape.of(dims));
        }

        private void node(NodeProto node, int index) {
            String where = node.getName().isEmpty() ? "node " + index : "node '" + node.getName() + "'";
            String op = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx") ? node.getOpType()
                    : node.getDomain() + "." + node.getOpType();
            OpTable.Converter converter = op.equals(node.getOpType()) ? OpTable.converter(op) : null;
            if (converter == null) {
                problems.add(new Problem(Kind.UNSUPPORTED_OPERATOR, where, op, OpTable.whyMissing(op), ""));
                poisoned.addAll(node.getOutputList());
                return;
            }
            List<Term> inputs = new ArrayList<>();
            for (String name : node.getInputList()) {
                if (name.isEmpty()) {
                    inputs.add(null);
                } else if (poisoned.contains(name)) {
                    poisoned.addAll(node.getOutputList());
                    return;
                } else if (!env.containsKey(name)) {
                    problems.add(new Problem(Kind.INVALID_MODEL, where, op, "uses the undefined value '" + name + "'",
                            ""));
                    poisoned.addAll(node.getOutputList());
                    return;
                } else {
                    inputs.add(env.get(name));
                }
            }
            while (!inputs.isEmpty() && inputs.getLast() == null) {
                inputs.removeLast();
            }
            try {
                Attributes attrs = new Attributes(node.getAttributeList(), external, source);
                NodeContext ctx = new NodeContext(op, opset, inputs, node.getInputList(), node.getOutputList(), attrs,
                        emitter);
                List<Term> results = converter.convert(ctx);
                List<String> unread = attrs.unread();
                if (!unread.isEmpty()) {
                    throw NodeError.unsupported("the attribute" + (unread.size() > 1 ? "s " : " ")
                            + String.join(", ", unread) + (unread.size() > 1 ? " are" : " is") + " not supported");
                }
                for (int i = 0; i < node.getOutputCount(); i++) {
                    String name = node.getOutput(i);
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (i >= results.size()) {
                        throw NodeError.unsupported("output " + i + " is not supported");
                    }
                    if (env.containsKey(name)) {
                        throw NodeError.invalid("defines '" + name + "', which is already defined");
                    }
                    env.put(name, results.get(i));
                    emitter.bindName(results.get(i), name);
                }
            } catch (NodeError e) {
                problems.add(new Problem(e.kind(), where, op, e.getMessage(), e.value()));
                poisoned.addAll(node.getOutputList());
            } catch (IrException | ArithmeticException e) {
                problems.add(new Problem(Kind.INVALID_MODEL, where, op, e.getMessage(), ""));
                poisoned.addAll(node.getOutputList());
            } catch (OnnxException e) {
                e.problems().forEach(p -> problems.add(new Problem(p.kind(), where, op, p.message(), "")));
                poisoned.addAll(node.getOutputList());
            }
        }

        /** The term of a graph output, checked against the type the model declares for it. */
        private Term output(ValueInfoProto out) {
            String name = out.getName();
            if (poisoned.contains(name)) {
                return null;
            }
            Term t = env.get(name);
            if (t == null) {
                problems.add(new Problem(Kind.INVALID_MODEL, "output '" + name + "'", "", "no node computes it", ""));
                return null;
            }
            if (!out.getType().hasTensorType()) {
                return t;
            }
            TypeProto.Tensor declared = out.getType().getTensorType();
            DType dtype = ElementTypes.toDType(declared.getElemType());
            boolean same = declared.getElemType() == 0 || dtype == t.dtype();
            if (declared.hasShape()) {
                List<TensorShapeProto.Dimension> dims = declared.getShape().getDimList();
                same &= dims.size() == t.rank();
                for (int i = 0; same && i < dims.size(); i++) {
                    same = !dims.get(i).hasDimValue() || dims.get(i).getDimValue() == t.dim(i);
                }
            }
            if (!same) {
                problems.add(new Problem(Kind.INVALID_MODEL, "output '" + name + "'", "", "the model declares "
                        + ElementTypes.name(declared.getElemType()) + declared.getShape().getDimList().stream()
                        .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : "?").toList()
                        + " but the graph computes " + t.type(), ""));
                return null;
            }
            return t;
        }
    }
}
