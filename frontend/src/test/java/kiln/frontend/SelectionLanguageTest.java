package kiln.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import kiln.ir.graph.Graph;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Comparisons on tensors, where, gather and interpolate compute what PyTorch does (the expected values are
 * PyTorch's, worked out by hand from its definitions).
 */
class SelectionLanguageTest {
    @Test
    void comparisonsMakeMasksForWhere() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[4]
                    output relu = where(x > 0.0, x, 0.0)
                    output same = cast(x == x, f32)
                    output other = cast(x != 2.0, f32) + cast(x <= 2.0, f32) * 10.0 + cast(x >= 2.0, f32) * 100.0
                    output low = where(x < 0.0, 1.0, x)
                }
                """);
        Map<String, Tensor> out = Kiln.run(g, Tensor.ofFloats(new int[] {4}, -1, 2, Float.NaN, 3));
        assertArrayEquals(new float[] {0, 2, 0, 3}, out.get("relu").toFloatArray());
        assertArrayEquals(new float[] {1, 1, 0, 1}, out.get("same").toFloatArray());
        assertArrayEquals(new float[] {11, 110, 1, 101}, out.get("other").toFloatArray());
        assertArrayEquals(new float[] {1, 2, Float.NaN, 3}, out.get("low").toFloatArray());
    }

    @Test
    void gatherIsTorchGather() {
        Graph g = Kiln.compile("""
                model m {
                    input t: f32[2, 2]
                    output y = gather(t, 1, tensor([[0, 0], [1, 0]], dtype=i64))
                    output z = gather_elements(t, 0, tensor([[1, -1]], dtype=i64))
                }
                """);
        Map<String, Tensor> out = Kiln.run(g, Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4));
        assertArrayEquals(new float[] {1, 1, 4, 3}, out.get("y").toFloatArray());
        assertArrayEquals(new float[] {3, 4}, out.get("z").toFloatArray());
    }

    @Test
    void interpolateModes() {
        Graph g = Kiln.compile("""
                model m {
                    input x: f32[1, 1, 2, 2]
                    input v: f32[1, 1, 2]
                    output nearest = interpolate(x, scale_factor=2)
                    output bilinear = interpolate(x, scale_factor=2, mode="bilinear")
                    output corners = interpolate(v, size=3, mode="linear", align_corners=true)
                    output floor = interpolate(v, size=3)
                    output exact = interpolate(v, size=3, mode="nearest-exact")
                    output cubic = interpolate(x, size=[2, 2], mode="bicubic")
                }
                """);
        Map<String, Tensor> out = Kiln.run(g, Tensor.ofFloats(new int[] {1, 1, 2, 2}, 1, 2, 3, 4),
                Tensor.ofFloats(new int[] {1, 1, 2}, 1, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                out.get("nearest").toFloatArray());
        assertArrayEquals(new float[] {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3,
            3.25f, 3.75f, 4}, out.get("bilinear").toFloatArray());
        assertArrayEquals(new float[] {1, 1.5f, 2}, out.get("corners").toFloatArray());
        // PyTorch's nearest reads ⌊o·2/3⌋ = 0, 0, 1; nearest-exact ⌊(o + ½)·2/3⌋ = 0, 1, 1.
        assertArrayEquals(new float[] {1, 1, 2}, out.get("floor").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 2}, out.get("exact").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, out.get("cubic").toFloatArray());
    }

    @Test
    void interpolateRefusesWhatPyTorchRefuses() {
        assertEquals(List.of("K0406 3:28"), Kiln.errors("""
                model m {
                    input x: f32[1, 1, 4]
                    output y = interpolate(x, size=8, mode="bilinear")
                }
                """));
        assertEquals(List.of("K0406 3:36"), Kiln.errors("""
                model m {
                    input x: f32[1, 1, 4]
                    output y = interpolate(x, size=8, scale_factor=2.0)
                }
                """));
    }
}
