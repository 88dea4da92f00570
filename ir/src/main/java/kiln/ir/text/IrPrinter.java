package kiln.ir.text;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Node;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.ir.text.OpCatalog.Attribute;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Writes a graph in the IR text form that {@link IrParser} reads back to an equal graph. The output is
 * canonical: inputs, parameters, nodes and outputs in graph order, every attribute of every op in record
 * component order, result types always, numbers in their shortest bit-exact form, so the same graph always
 * prints to the same bytes.
 */
public final class IrPrinter {
    private static final ValueLayout.OfInt F32_BITS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong F64_BITS =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final String INDENT = "  ";

    private IrPrinter() {
    }

    public static String print(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(NameSyntax.name(g.name())).append(" {\n");
        for (Value v : g.inputs()) {
            sb.append(INDENT).append("input ").append(NameSyntax.valueName(v.name())).append(": ");
            type(sb, v.type());
            sb.append('\n');
        }
        for (Value v : g.params()) {
            sb.append(INDENT).append("param ").append(NameSyntax.valueName(v.name())).append(": ");
            type(sb, v.type());
            sb.append('\n');
        }
        for (Node n : g.nodes()) {
            sb.append(INDENT);
            node(sb, n);
            sb.append('\n');
        }
        for (Output o : g.outputs()) {
            sb.append(INDENT).append("output ").append(NameSyntax.name(o.name())).append(" = ")
                    .append(NameSyntax.valueName(o.value().name())).append('\n');
        }
        return sb.append("}\n").toString();
    }

    /** {@code %a, %b = op(%x, %y) {attr=value, ...} : type, type}; no parentheses without inputs. */
    private static void node(StringBuilder sb, Node n) {
        values(sb, n.outputs());
        sb.append(" = ").append(n.op().name());
        if (!n.inputs().isEmpty()) {
            sb.append('(');
            values(sb, n.inputs());
            sb.append(')');
        }
        List<Attribute> attributes = OpCatalog.attributes(n.op());
        if (!attributes.isEmpty()) {
            sb.append(" {");
            for (int i = 0; i < attributes.size(); i++) {
                Attribute a = attributes.get(i);
                sb.append(i == 0 ? "" : ", ").append(a.name()).append('=');
                attribute(sb, a, n.op());
            }
            sb.append('}');
        }
        sb.append(" : ");
        for (int i = 0; i < n.outputs().size(); i++) {
            sb.append(i == 0 ? "" : ", ");
            type(sb, n.outputs().get(i).type());
        }
    }

    private static void values(StringBuilder sb, List<Value> values) {
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(NameSyntax.valueName(values.get(i).name()));
        }
    }

    private static void attribute(StringBuilder sb, Attribute a, Op op) {
        Object v = a.get(op);
        switch (a.kind()) {
            case INT, BOOLEAN -> sb.append(v);
            case DOUBLE -> sb.append(NumberSyntax.f64(Double.doubleToRawLongBits((Double) v)));
            case INT_LIST -> {
                List<?> list = (List<?>) v;
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(list.get(i));
                }
                sb.append(']');
            }
            case DOUBLE_LIST -> {
                List<?> list = (List<?>) v;
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    long bits = Double.doubleToRawLongBits((Double) list.get(i));
                    sb.append(i == 0 ? "" : ", ").append(NumberSyntax.f64(bits));
                }
                sb.append(']');
            }
            case ENUM -> sb.append(OpCatalog.enumText((Enum<?>) v));
            case DTYPE -> sb.append(((DType) v).text());
            case SHAPE -> shape(sb, (Shape) v);
            case TENSOR -> tensor(sb, (Tensor) v);
        }
    }

    private static void type(StringBuilder sb, TensorType t) {
        sb.append(t.dtype().text());
        shape(sb, t.shape());
    }

    private static void shape(StringBuilder sb, Shape s) {
        sb.append('[');
        for (int i = 0; i < s.rank(); i++) {
            sb.append(i == 0 ? "" : ", ");
            if (s.isBatch(i)) {
                sb.append('N');
            } else {
                sb.append(s.dim(i));
            }
        }
        sb.append(']');
    }

    /** {@code f32[2, 2] [1.0, 2.0, 3.0, 4.0]}; a real scalar bare, {@code f32[] 0.5}. */
    private static void tensor(StringBuilder sb, Tensor t) {
        DType d = t.dtype();
        sb.append(d.text());
        shape(sb, Shape.of(t.shape()));
        sb.append(' ');
        long n = t.size() * (d == DType.C64 ? 2 : 1);
        boolean bare = t.rank() == 0 && d != DType.C64;
        if (!bare) {
            sb.append('[');
        }
        MemorySegment data = t.data();
        for (long i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ");
            switch (d) {
                case F32, C64 -> sb.append(NumberSyntax.f32(data.getAtIndex(F32_BITS, i)));
                case F64 -> sb.append(NumberSyntax.f64(data.getAtIndex(F64_BITS, i)));
                case I64, I32, I8 -> sb.append(t.getLong(i));
                case BOOL -> sb.append(t.getLong(i) != 0);
            }
        }
        if (!bare) {
            sb.append(']');
        }
    }
}
