package kiln.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Squeeze;
import org.junit.jupiter.api.Test;

/** Attributes left out of a hand-written file take their documented defaults. */
class ParserDefaultsTest {

    private static Op op(String inputs, String statement) {
        Graph g = IrParser.parse("graph g {\n" + inputs + "\n  %y = " + statement + "\n  output y = %y\n}\n", "t.kir");
        return g.nodes().getLast().op();
    }

    @Test
    void convTakesItsSpatialRankFromTheInput() {
        String in = "  input %x: f32[N, 4, 9]\n  param %w: f32[6, 2, 3]";
        assertEquals(new Conv(List.of(1), List.of(0), List.of(0), List.of(1), 2), op(in, "conv(%x, %w) {groups=2}"));
        String in3 = "  input %x: f32[1, 1, 4, 4, 4]\n  param %w: f32[1, 1, 1, 1, 1]";
        assertEquals(Conv.plain(3), op(in3, "conv(%x, %w)"));
    }

    @Test
    void resizeScalesFollowFromTheSizes() {
        String in = "  input %x: f32[N, 3, 4, 4]";
        assertEquals(Resize.to(ResizeMode.NEAREST, ResizeCoordinates.HALF_PIXEL, Shape.of(Shape.BATCH, 3, 4, 4),
                Shape.of(Shape.BATCH, 3, 8, 6)), op(in, "resize(%x) {sizes=[N, 3, 8, 6]}"));
        assertEquals(new Resize(ResizeMode.LINEAR, ResizeCoordinates.TF_CROP_AND_RESIZE,
                NearestRounding.ROUND_PREFER_FLOOR, -0.75, false, Shape.of(1, 3, 2, 2), List.of(1.0, 1.0, 0.5, 0.5),
                List.of(0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0), 0.0),
                op("  input %x: f32[1, 3, 4, 4]", "resize(%x) {mode=linear, coordinates=tf_crop_and_resize, "
                        + "sizes=[1, 3, 2, 2]}"));
        assertEquals(List.of(1.0, 1.0, 3.0, 0.5), ((Resize) op(in, "resize(%x) {sizes=[N, 3, 8, 2], "
                + "scales=[1, 1.0, 3.0, 5e-1]}")).scales());
    }

    @Test
    void pool() {
        assertEquals(Pool.of(PoolKind.MAX, List.of(2, 2), List.of(1, 1)),
                op("  input %x: f32[N, 3, 8, 8]", "max_pool(%x) {kernel=[2, 2]}"));
        assertEquals(new Pool(PoolKind.AVG, List.of(3, 3), List.of(2, 2), List.of(1, 1), List.of(1, 1), List.of(1, 1),
                false, false), op("  input %x: f32[N, 3, 8, 8]",
                "avg_pool(%x) {kernel=[3, 3], strides=[2, 2], pads_begin=[1, 1], pads_end=[1, 1]}"));
    }

    @Test
    void normalisationEpsilon() {
        String in = "  input %x: f32[N, 4, 5, 5]";
        assertEquals(new BatchNorm(1e-5), op(in + "\n  param %p: f32[4]", "batch_norm(%x, %p, %p, %p, %p)"));
        assertEquals(new LayerNorm(List.of(1), 1e-5), op(in, "layer_norm(%x) {axes=[1]}"));
        assertEquals(new InstanceNorm(1e-5), op(in, "instance_norm(%x)"));
        assertEquals(new GroupNorm(2, 1e-5), op(in, "group_norm(%x) {groups=2}"));
    }

    @Test
    void reduceAndSqueeze() {
        assertEquals(new Reduce(ReduceKind.MEAN, List.of(), false), op("  input %x: f32[N, 4]", "reduce_mean(%x)"));
        assertEquals(new Reduce(ReduceKind.SUM, List.of(1), false),
                op("  input %x: f32[N, 4]", "reduce_sum(%x) {axes=[1]}"));
        assertEquals(new Squeeze(List.of()), op("  input %x: f32[N, 1, 4]", "squeeze(%x)"));
    }

    @Test
    void sliceDefaultsFollowStarts() {
        assertEquals(new Slice(List.of(1, 0), List.of(3, 2), List.of(0, 1), List.of(1, 1)),
                op("  input %x: f32[4, 4]", "slice(%x) {starts=[1, 0], ends=[3, 2]}"));
        assertEquals(new Slice(List.of(1), List.of(3), List.of(1), List.of(1)),
                op("  input %x: f32[4, 4]", "slice(%x) {starts=[1], ends=[3], axes=[1]}"));
    }

    @Test
    void gemmPadFftClip() {
        assertEquals(new Gemm(1.0, 1.0, false, false), op("  input %a: f32[2, 3]\n  input %b: f32[3, 4]", "gemm(%a, %b)"));
        assertEquals(new Gemm(1.0, 0.5, false, true),
                op("  input %a: f32[2, 3]\n  input %b: f32[4, 3]", "gemm(%a, %b) {trans_b=true, beta=0.5}"));
        assertEquals(new Pad(PadMode.CONSTANT, List.of(0, 1), List.of(0, 1), 0.0),
                op("  input %x: f32[N, 4]", "pad(%x) {pads_begin=[0, 1], pads_end=[0, 1]}"));
        assertEquals(new Rfft(List.of(8), FftNorm.BACKWARD), op("  input %x: f32[N, 8]", "rfft(%x) {lengths=[8]}"));
        assertEquals(new Irfft(List.of(8), FftNorm.BACKWARD), op("  input %x: c64[N, 5]", "irfft(%x) {lengths=[8]}"));
        assertEquals(new Clip(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), op("  input %x: f32[3]", "clip(%x)"));
        assertEquals(new Clip(0.0, Double.POSITIVE_INFINITY), op("  input %x: f32[3]", "clip(%x) {min=0}"));
    }

    /** Attributes may come in any order; printing puts them back in component order. */
    @Test
    void attributeOrderIsFreeButPrintsCanonically() {
        Graph g = IrParser.parse("""
                graph g {
                  input %x: f32[N, 2, 5]
                  param %w: f32[2, 1, 3]
                  %y = conv(%x, %w) {groups=2, pads_end=[1], pads_begin=[1]}
                  output y = %y
                }
                """, "t.kir");
        assertEquals("""
                graph g {
                  input %x: f32[N, 2, 5]
                  param %w: f32[2, 1, 3]
                  %y = conv(%x, %w) {strides=[1], pads_begin=[1], pads_end=[1], dilations=[1], groups=2} : f32[N, 2, 5]
                  output y = %y
                }
                """, IrPrinter.print(g));
    }
}
