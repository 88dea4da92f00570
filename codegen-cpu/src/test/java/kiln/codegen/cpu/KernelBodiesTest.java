package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Weights;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.ir.text.IrParser;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.schedule.ProgramScheduler;
import kiln.passes.schedule.Target;
import kiln.runtime.DType;
import kiln.runtime.SeededRandom;
import kiln.runtime.Tensor;
import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.Test;

/** Kernels that are the same code up to names share one generated method, and still compute what they did. */
class KernelBodiesTest {
    /** Two convolutions of equal shapes (different weights), each with a ReLU, then one of another shape. */
    static final String TWIN_CONVS = """
            graph twin_convs {
              input %x: f32[N, 8, 9, 11]
              param %c1.weight: f32[8, 8, 3, 3]
              param %c1.bias: f32[8]
              param %c2.weight: f32[8, 8, 3, 3]
              param %c2.bias: f32[8]
              param %c3.weight: f32[16, 8, 3, 3]
              %a = conv(%x, %c1.weight, %c1.bias) {pads_begin=[1, 1], pads_end=[1, 1]}
              %ra = relu(%a)
              %b = conv(%ra, %c2.weight, %c2.bias) {pads_begin=[1, 1], pads_end=[1, 1]}
              %rb = relu(%b)
              %c = conv(%rb, %c3.weight) {pads_begin=[1, 1], pads_end=[1, 1]}
              output y = %c
            }
            """;

    @Test
    void kernelsEqualUpToNamesHaveEqualCanonicalForms() {
        Kernel a = Differential.parse("""
                kernel a(x: f32[37], w: f32[37], t: f32[37]) {
                  for i in 0..37 vectorized {
                    t[i] = x[i] * w[i] + 1.0
                  }
                }
                """);
        Kernel b = Differential.parse("""
                kernel b(input: f32[37], weight: f32[37], out: f32[37]) {
                  for j in 0..37 vectorized {
                    out[j] = input[j] * weight[j] + 1.0
                  }
                }
                """);
        Kernel otherConstant = Differential.parse("""
                kernel c(x: f32[37], w: f32[37], t: f32[37]) {
                  for i in 0..37 vectorized {
                    t[i] = x[i] * w[i] + 2.0
                  }
                }
                """);
        Kernel swapped = Differential.parse("""
                kernel d(w: f32[37], x: f32[37], t: f32[37]) {
                  for i in 0..37 vectorized {
                    t[i] = x[i] * w[i] + 1.0
                  }
                }
                """);
        assertEquals(KernelBodies.canonical(a), KernelBodies.canonical(b));
        assertNotEquals(KernelBodies.canonical(a), KernelBodies.canonical(otherConstant));
        assertNotEquals(KernelBodies.canonical(a), KernelBodies.canonical(swapped), "parameters bind by position");
        assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3)),
                KernelBodies.group(List.of(a, b, otherConstant, swapped)));
    }

    @Test
    void twinConvolutionsShareOneMethodAndMatchTheReference() {
        Graph g = IrParser.parse(TWIN_CONVS, "twin_convs.kir").bindBatch(2);
        Map<String, Tensor> weights = Weights.initial(g);
        Program scheduled = ProgramScheduler.run(Lowering.lower(g, weights), Target.of(VectorWidth.BITS));
        List<Program.Call> calls = scheduled.calls().stream()
                .map(c -> new Program.Call(LoopPipeline.STANDARD.runVerified(c.kernel()), c.args())).toList();
        Program p = new Program(scheduled.name(), scheduled.storage(), calls, scheduled.inputs(), scheduled.outputs());

        JavaSource source = CpuBackend.emit(p, VectorWidth.BITS);
        List<String> kernels = source.kernelNames();
        assertEquals(5, kernels.size(), "three convolutions and two ReLUs: " + kernels);
        List<String> methods = kernelMethods(source.text());
        assertEquals(3, methods.size(), "one method per body (conv 8→8, ReLU, conv 8→16): " + methods
                + "\n" + source.text());
        assertEquals(source.text(), CpuBackend.emit(p, VectorWidth.BITS).text(), "deterministic");

        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Program.Binding b : p.inputs()) {
            inputs.put(b.name(), SeededRandom.uniform(b.name(), 7, b.type().dtype(), b.type().shape().dims(), -1, 1));
        }
        Map<String, Tensor> reference = ReferenceInterpreter.run(g, weights, inputs);
        Map<String, Tensor> interpreted = new LoopInterpreter(VectorWidth.F32.length()).run(p, inputs);
        Map<String, Tensor> actual = CpuBackend.compile(p, StorageLayout.ownArrays(), new KernelCompiler(null))
                .executor().run(inputs);
        double error = OperatorCoverageTest.error(reference.get("y"), actual.get("y"));
        assertTrue(error <= 1e-5, "against the reference: normwise error " + error);
        double same = OperatorCoverageTest.error(interpreted.get("y"), actual.get("y"));
        assertTrue(same <= 1e-6, "against the interpreter: normwise error " + same);
        assertEquals(DType.F32, actual.get("y").dtype());
    }

    /** The names of the public static methods of generated source: one per kernel body. */
    static List<String> kernelMethods(String text) {
        Matcher m = Pattern.compile("public static void (\\w+)\\(").matcher(text);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
