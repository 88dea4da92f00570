package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.ir.graph.Shape;
import kiln.ir.graph.TensorType;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/** What the language means: arithmetic, control flow, indexing, blocks and their parameter names. */
class LanguageTest {

    private static TensorType outputType(Graph g, int i) {
        return g.outputs().get(i).value().type();
    }

    @Test
    void integerArithmeticOnShapes() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[N, 3]
                    let c = 96
                    output y = zeros([c / 4, 2 ** 3, 7 // 2, -7 // 2 + 6, -7 % 3, int(c * 0.125), max(3, 5), min([4, 2, 9])])
                }
                """);
        assertEquals(Shape.of(24, 8, 3, 2, 2, 12, 5, 2), outputType(g, 0).shape());
    }

    @Test
    void scalarsBesideTensorsBecomeConstantsOfTheirType() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[2]
                    output y = 0.5 * x ** 2 - -x / 2 + 1
                }
                """);
        float[] y = Kiln.floats(Kiln.run(g, Tensor.ofFloats(new int[] {2}, 2, -4)), "y");
        assertArrayEquals(new float[] {0.5f * 4 + 1 + 1, 0.5f * 16 - 2 + 1}, y);
    }

    @Test
    void loopsRepeatAndConditionalsUnroll() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[3]
                    let y = x
                    for i in 0..3 {
                        y = y + 1.0
                    }
                    repeat 2 {
                        y = y * 2.0
                    }
                    for k in [10, 20] {
                        if k > 15 {
                            y = y - k
                        } else if k == 10 {
                            y = y + 0.0
                        } else {
                            y = y * 100.0
                        }
                    }
                    output y = y
                }
                """);
        float[] y = Kiln.floats(Kiln.run(g, Tensor.ofFloats(new int[] {3}, 0, 1, 2)), "y");
        assertArrayEquals(new float[] {12 - 20, 16 - 20, 20 - 20}, y);
    }

    @Test
    void indexingFollowsNumpy() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[2, 4]
                    output a = x[:, 1:3]
                    output b = x[..., -1]
                    output c = x[::-1, ::2]
                    output d = x[1]
                }
                """);
        Map<String, Tensor> out = Kiln.run(g, Tensor.ofFloats(new int[] {2, 4}, 0, 1, 2, 3, 4, 5, 6, 7));
        assertArrayEquals(new float[] {1, 2, 5, 6}, out.get("a").toFloatArray());
        assertArrayEquals(new int[] {2}, out.get("b").shape());
        assertArrayEquals(new float[] {3, 7}, out.get("b").toFloatArray());
        assertArrayEquals(new float[] {4, 6, 0, 2}, out.get("c").toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6, 7}, out.get("d").toFloatArray());
    }

    @Test
    void listsIndexSliceAndConcatenate() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[1]
                    let dims = [2, 3, 4, 5]
                    let more = dims[1:3] + [dims[-1]] + [1] * 2 + dims[::-2]
                    output y = zeros(more)
                }
                """);
        assertEquals(Shape.of(3, 4, 5, 1, 1, 5, 3), outputType(g, 0).shape());
    }

    @Test
    void blocksNameTheirParametersAfterTheirInstances() {
        Graph g = Kiln.compile("""
                block Affine(x: tensor) {
                    param scale: [size(x, -1)]
                    let shift = param bias: [size(x, -1)]
                    return x * scale + shift
                }

                block Stack(x: tensor, n: int) {
                    let h = x
                    for i in 0..n {
                        h = Affine(h) as [i]
                    }
                    return h
                }

                model m {
                    input x: f32[N, 4]
                    let h = Affine(x)
                    for s in 0..2 {
                        h = Stack(h, s + 1) as stages[s].blocks
                    }
                    output y = h
                }
                """);
        assertEquals(List.of("scale", "bias", "stages.0.blocks.0.scale", "stages.0.blocks.0.bias",
                "stages.1.blocks.0.scale", "stages.1.blocks.0.bias", "stages.1.blocks.1.scale",
                "stages.1.blocks.1.bias"), Kiln.params(g));
    }

    @Test
    void defaultsSeeEarlierArgumentsAndIntsWidenToFloats() {
        Graph g = Kiln.compile("""
                block Scaled(x: tensor, k: int, half: int = k // 2, factor: float = 2) {
                    return zeros([k, half]) * factor
                }
                model m {
                    input x: f32[1]
                    output y = Scaled(x, 7)
                }
                """);
        assertEquals(Shape.of(7, 3), outputType(g, 0).shape());
    }

    @Test
    void severalResultsDestructure() {
        Graph g = Kiln.compile("""
                block Halves(x: tensor) {
                    let a, b = chunk(x, 2, dim=1)
                    return b, a
                }
                model m {
                    input x: f32[1, 4]
                    let hi, lo = Halves(x)
                    output y = cat([hi, lo], dim=1)
                }
                """);
        float[] y = Kiln.floats(Kiln.run(g, Tensor.ofFloats(new int[] {1, 4}, 1, 2, 3, 4)), "y");
        assertArrayEquals(new float[] {3, 4, 1, 2}, y);
    }

    @Test
    void padFollowsPyTorchOrderAndFlattenItsAxes() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[N, 2, 3, 4]
                    output a = pad(x, [1, 2])
                    output b = pad(x, [1, 1, 0, 2], mode="reflect")
                    output c = flatten(x)
                    output d = flatten(x, 2)
                    output e = reshape(x, [N, -1, 2])
                }
                """);
        assertEquals(Shape.of(Shape.BATCH, 2, 3, 7), outputType(g, 0).shape());
        assertEquals(Shape.of(Shape.BATCH, 2, 5, 6), outputType(g, 1).shape());
        assertEquals(Shape.of(Shape.BATCH, 24), outputType(g, 2).shape());
        assertEquals(Shape.of(Shape.BATCH, 2, 12), outputType(g, 3).shape());
        assertEquals(Shape.of(Shape.BATCH, 12, 2), outputType(g, 4).shape());
    }

    @Test
    void convolutionPaddingConventions() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[N, 4, 9, 9]
                    param w: [8, 1, 4, 3]
                    output same = conv2d(x, w, padding="same", groups=4)
                    output valid = conv2d(x, w, padding="valid", groups=4)
                    output sym = conv2d(x, w, stride=2, padding=[1, 2], groups=4)
                    output causal = conv2d(x, w, padding=[3, 2, 0, 0], groups=4)
                }
                """);
        assertEquals(Shape.of(Shape.BATCH, 8, 9, 9), outputType(g, 0).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 6, 7), outputType(g, 1).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 4, 6), outputType(g, 2).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 9, 9), outputType(g, 3).shape());
    }

    @Test
    void channelsFirstLayerNormEqualsTheTransposedOne() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[1, 3, 2, 2]
                    param w: [3]
                    param b: [3]
                    output first = layer_norm(x, w, b, dim=1)
                    output last = permute(layer_norm(permute(x, [0, 2, 3, 1]), w, b), [0, 3, 1, 2])
                }
                """);
        Tensor x = Tensor.ofFloats(new int[] {1, 3, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8, 0, -1, 2, 9);
        Map<String, Tensor> out = Kiln.run(g, x);
        float[] a = out.get("first").toFloatArray();
        float[] b = out.get("last").toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-5);
        }
    }

    @Test
    void complexFrequencyFilterRoundTrips() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[1, 8]
                    let spectrum = rfft(x, n=16)
                    output y = irfft(spectrum * complex(ones([9]), zeros([9])), n=16)[..., :8]
                }
                """);
        float[] in = {1, -2, 3, 0.5f, 0, 7, -1, 2};
        float[] y = Kiln.floats(Kiln.run(g, Tensor.ofFloats(new int[] {1, 8}, in)), "y");
        for (int i = 0; i < in.length; i++) {
            assertEquals(in[i], y[i], 1e-5);
        }
    }

    @Test
    void maxAndMinServeNumbersAndTensors() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[2, 3]
                    output a = max(x, dim=1)
                    output b = max(x, 0.0)
                    output c = min(x)
                }
                """);
        Map<String, Tensor> out = Kiln.run(g, Tensor.ofFloats(new int[] {2, 3}, 1, -5, 3, -2, 4, 0));
        assertArrayEquals(new float[] {3, 4}, out.get("a").toFloatArray());
        assertArrayEquals(new float[] {1, 0, 3, 0, 4, 0}, out.get("b").toFloatArray());
        assertArrayEquals(new float[] {-5}, out.get("c").toFloatArray());
    }

    @Test
    void letNamesTheValuesOfTheGraph() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[N, 3]
                    let hidden = relu(x)
                    output y = hidden * 2.0
                }
                """);
        assertEquals("hidden", g.nodes().stream().filter(n -> n.op().name().equals("relu")).findFirst()
                .orElseThrow().output().name());
        assertEquals("y", g.outputs().getFirst().value().name());
    }

    @Test
    void constantsAreMadeOnceAndCreationDefaultsToF32() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[4]
                    output y = (x + 1.0) * (x + 1.0) + arange(4) + cast(tensor([[1, 2], [3, 4]], dtype=i64)[0, 0], f32)
                }
                """);
        assertTrue(Kiln.errors("""
                model m {
                    input x: f32[4]
                    output y = x + tensor([1, 2, 3, 4], dtype=i64)
                }
                """).contains("K0501 3:18"));
        long constants = g.nodes().stream().filter(n -> n.op().name().equals("constant")).count();
        assertEquals(3, constants, "1.0 (once), arange(4) and the i64 table");
        assertEquals(DType.F32, outputType(g, 0).dtype());
    }
}
