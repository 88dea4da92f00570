package kiln.frontend.onnx;

import static kiln.frontend.onnx.OnnxWriter.floatAttr;
import static kiln.frontend.onnx.OnnxWriter.intAttr;
import static kiln.frontend.onnx.OnnxWriter.intsAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Value;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/** The normalisations for the exporter. */
final class ExportNorms {
    private ExportNorms() {
    }

    /**
     * LayerNormalization when the axes are trailing and scale and bias have the normalised shape (up to
     * leading 1s); otherwise (ConvNeXt's channels-first form, parameters broadcast from elsewhere) the
     * formula itself: {@code (x − mean) / sqrt(var + ε) · scale + bias} with ReduceMean.
     */
    static String layerNorm(OnnxWriter w, LayerNorm l, List<String> in, List<Value> values) {
        TensorType x = values.getFirst().type();
        int r = x.rank();
        List<Integer> axes = new ArrayList<>(l.axesFor(r));
        axes.sort(null);
        int first = axes.getFirst();
        boolean trailing = axes.getLast() == r - 1 && axes.size() == r - first;
        int[] norm = Arrays.copyOfRange(x.shape().dims(), first, r);
        boolean fits = trailing;
        for (int i = 1; i < values.size(); i++) {
            fits &= sameUpToLeadingOnes(values.get(i).type().shape().dims(), norm);
        }
        if (fits) {
            List<String> args = new ArrayList<>(List.of(in.getFirst()));
            if (values.size() > 1) {
                args.add(exactShape(w, in.get(1), values.get(1).type(), norm));
            } else {
                args.add(w.constant(ones(x.dtype(), norm)));
            }
            if (values.size() > 2) {
                args.add(exactShape(w, in.get(2), values.get(2).type(), norm));
            }
            return w.node("LayerNormalization", args, intAttr("axis", first), floatAttr("epsilon", l.epsilon()));
        }
        var ax = intsAttr("axes", axes);
        var keep = intAttr("keepdims", 1);
        String mean = w.node("ReduceMean", List.of(in.getFirst()), ax, keep);
        String d = w.node("Sub", List.of(in.getFirst(), mean));
        String var = w.node("ReduceMean", List.of(w.node("Mul", List.of(d, d))), ax, keep);
        String std = w.node("Sqrt", w.node("Add", List.of(var, w.scalar(x.dtype(), l.epsilon()))));
        String y = w.node("Div", List.of(d, std));
        if (in.size() > 1) {
            y = w.node("Mul", List.of(y, in.get(1)));
        }
        if (in.size() > 2) {
            y = w.node("Add", List.of(y, in.get(2)));
        }
        return y;
    }

    private static boolean sameUpToLeadingOnes(int[] shape, int[] norm) {
        int skip = 0;
        while (skip < shape.length && shape.length - skip > norm.length && shape[skip] == 1) {
            skip++;
        }
        return Arrays.equals(Arrays.copyOfRange(shape, skip, shape.length), norm);
    }

    private static String exactShape(OnnxWriter w, String v, TensorType t, int[] norm) {
        if (Arrays.equals(t.shape().dims(), norm)) {
            return v;
        }
        return w.node("Reshape", List.of(v, w.longs(Arrays.stream(norm).asLongStream().toArray())));
    }

    /** InstanceNormalization, which requires scale and bias: ones and zeros stand in for absent ones. */
    static String instanceNorm(OnnxWriter w, double eps, List<String> in, TensorType x) {
        List<String> args = new ArrayList<>(in);
        if (args.size() == 1) {
            int[] c = {x.dim(1)};
            args.add(w.constant(ones(x.dtype(), c)));
            args.add(w.constant(Tensor.zeros(x.dtype(), c)));
        }
        return w.node("InstanceNormalization", args, floatAttr("epsilon", eps));
    }

    /**
     * GroupNorm (ONNX has it only from opset 18): the channels are regrouped as {@code [N, G, rest]},
     * normalised per (image, group) by InstanceNormalization, reshaped back, then scaled and shifted per
     * channel.
     */
    static String groupNorm(OnnxWriter w, GroupNorm g, List<String> in, TensorType x) {
        int groups = g.groups();
        // 0 copies the batch size, whatever it is at run time.
        String grouped = w.node("Reshape", List.of(in.getFirst(), w.longs(0, groups, -1)));
        String scaleOnes = w.constant(ones(x.dtype(), new int[] {groups}));
        String biasZeros = w.constant(Tensor.zeros(x.dtype(), groups));
        String normed = w.node("InstanceNormalization", List.of(grouped, scaleOnes, biasZeros),
                floatAttr("epsilon", g.epsilon()));
        Shape s = x.shape();
        long[] back = new long[s.rank()];
        for (int i = 0; i < back.length; i++) {
            back[i] = i == 0 ? 0 : s.dim(i);
        }
        String y = w.node("Reshape", List.of(normed, w.longs(back)));
        if (in.size() == 1) {
            return y;
        }
        long[] column = new long[s.rank() - 1];
        Arrays.fill(column, 1);
        column[0] = s.dim(1);
        String scale = w.node("Reshape", List.of(in.get(1), w.longs(column)));
        String bias = w.node("Reshape", List.of(in.get(2), w.longs(column)));
        return w.node("Add", List.of(w.node("Mul", List.of(y, scale)), bias));
    }

    static Tensor ones(DType dtype, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (long i = 0; i < t.size(); i++) {
            t.setDouble(i, 1);
        }
        return t;
    }
}
