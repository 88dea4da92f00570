package kiln.tests.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kiln.frontend.onnx.OnnxExporter;
import kiln.frontend.onnx.OnnxImporter;
import kiln.frontend.onnx.OnnxModel;
import kiln.frontend.onnx.proto.OnnxProtos.ModelProto;
import kiln.ir.graph.Binary;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.Op;
import kiln.ir.graph.Output;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.Value;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The exporter on every IR op: ONNX Runtime on the exported sample agrees with the reference interpreter
 * (normwise relative error ≤ 1e-5, exact for integers and bools), and importing the export back gives a
 * graph that computes the same.
 */
class ExporterTest {
    private static final int BATCH = 2;

    @TestFactory
    Stream<DynamicTest> everyOp() {
        List<ExportSamples.Sample> samples = ExportSamples.all();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ExportSamples.Sample s = samples.get(i);
            String name = i + " " + s.label() + " " + s.inputs();
            tests.add(dynamicTest(name, () -> {
                try {
                    check(s);
                } catch (Exception | AssertionError e) {
                    throw new AssertionError(name + ": " + e.getMessage(), e);
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void samplesCoverEveryOp() {
        Set<String> covered = new TreeSet<>();
        for (ExportSamples.Sample s : ExportSamples.all()) {
            covered.add(s.op().getClass().getSimpleName());
            if (s.op() instanceof Unary u) {
                covered.add("unary " + u.fn());
            }
            if (s.op() instanceof Binary b) {
                covered.add("binary " + b.fn());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            if (!covered.contains(c.getSimpleName())) {
                missing.add(c.getSimpleName());
            }
        }
        Arrays.stream(kiln.ir.graph.UnaryFn.values()).filter(f -> !covered.contains("unary " + f))
                .forEach(f -> missing.add("unary " + f));
        Arrays.stream(kiln.ir.graph.BinaryFn.values()).filter(f -> !covered.contains("binary " + f))
                .forEach(f -> missing.add("binary " + f));
        assertEquals(List.of(), missing, "ops without an exporter sample");
    }

    private static void check(ExportSamples.Sample s) throws Exception {
        GraphBuilder b = new GraphBuilder("sample");
        List<Value> in = new ArrayList<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int j = 0; j < s.inputs().size(); j++) {
            TensorType t = s.inputs().get(j);
            String name = "x" + j;
            in.add(b.input(name, t));
            inputs.put(name, input(s, j, name, t));
        }
        List<Value> out = b.addMulti("y", s.op(), in);
        for (int k = 0; k < out.size(); k++) {
            b.output("y" + k, out.get(k));
        }
        Graph g = b.build();
        Map<String, Tensor> expected = ReferenceInterpreter.run(g, Map.of(), inputs);
        ModelProto proto = OnnxExporter.export(g, Map.of());
        List<String> complex = g.outputs().stream().filter(o -> o.value().type().dtype() == DType.C64)
                .map(Output::name).toList();
        Map<String, Tensor> ort = Ort.run(proto.toByteArray(), inputs, complex);
        // Imported back, c64 values are f32 pairs, as in the ONNX file.
        OnnxModel back = OnnxImporter.fromProto(proto, OnnxImporter.Options.DEFAULT);
        Map<String, Tensor> pairs = new LinkedHashMap<>();
        inputs.forEach((k, v) -> pairs.put(k, v.dtype() == DType.C64 ? asPairs(v) : v));
        Map<String, Tensor> roundTrip = ReferenceInterpreter.run(back.graph(), back.weights(), pairs);
        for (var e : expected.entrySet()) {
            agree("ONNX Runtime", e.getKey(), ort.get(e.getKey()), e.getValue());
            Tensor r = roundTrip.get(e.getKey());
            agree("re-imported", e.getKey(), e.getValue().dtype() == DType.C64 ? asComplex(r) : r, e.getValue());
        }
    }

    private static void agree(String who, String output, Tensor actual, Tensor expected) {
        assertTrue(actual != null, who + ": no output " + output);
        assertEquals(expected.typeString(), actual.typeString(), who + ": " + output);
        if (expected.dtype().isFloat() || expected.dtype().isComplex()) {
            double err = Ort.relativeError(actual, expected);
            assertTrue(err <= OrtOracleTest.BOUND, who + ": " + output + " differs, normwise relative error " + err);
        } else {
            assertTrue(Arrays.equals(expected.toLongArray(), actual.toLongArray()), who + ": " + output + " differs: "
                    + Arrays.toString(actual.toLongArray()) + " vs " + Arrays.toString(expected.toLongArray()));
        }
    }

    private static Tensor asPairs(Tensor c) {
        int[] shape = Arrays.copyOf(c.shape(), c.rank() + 1);
        shape[c.rank()] = 2;
        return Tensor.wrap(DType.F32, shape, c.data());
    }

    private static Tensor asComplex(Tensor pairs) {
        return Tensor.wrap(DType.C64, Arrays.copyOf(pairs.shape(), pairs.rank() - 1), pairs.data());
    }

    /** Seeded inputs; gather indices within range, and positive values where the sample asks for them. */
    private static Tensor input(ExportSamples.Sample s, int j, String name, TensorType t) {
        int[] dims = t.shape().bindBatch(BATCH).dims();
        if (s.op() instanceof Gather g && j == 1) {
            int size = s.inputs().getFirst().shape().bindBatch(BATCH).dim(
                    s.inputs().getFirst().shape().axis(g.axis(), "gather"));
            Tensor idx = Tensor.zeros(t.dtype(), dims);
            for (int i = 0; i < idx.size(); i++) {
                idx.setLong(i, (i * 7 + 3) % size);
            }
            return idx;
        }
        if (s.op() instanceof GatherElements g && j == 1) {
            TensorType data = s.inputs().getFirst();
            int size = data.shape().bindBatch(BATCH).dim(data.shape().axis(g.axis(), "gather_elements"));
            Tensor idx = Tensor.zeros(t.dtype(), dims);
            for (int i = 0; i < idx.size(); i++) {
                // Negative indices too: i odd counts from the end.
                idx.setLong(i, (i * 7 + 3) % size - (i % 2) * size);
            }
            return idx;
        }
        return s.positive() ? SeededRandom.uniform(name, 1, t.dtype(), dims, 0.5, 2)
                : SeededRandom.input(name, t.dtype(), dims);
    }
}
