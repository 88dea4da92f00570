package kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Flops and least bytes, counted by hand for the layer shapes of the suite. */
class CostTest {
    @Test
    void denseConvolutionCountsEveryMultiplyAdd() {
        // 3×3, 64 → 64 at 56×56, padding 1: 56·56 outputs per channel, each 64·9 multiply-adds.
        Cost c = Layers.conv("c", 64, 64, 56, 3, 1, 1).cost();
        assertEquals(2.0 * 64 * 56 * 56 * 64 * 9, c.flops());
        assertEquals(4.0 * (64 * 56 * 56 + 64 * 56 * 56 + 64 * 64 * 9), c.bytes());
    }

    @Test
    void stridedConvolutionCountsItsSmallerOutput() {
        Cost c = Layers.conv("c", 128, 128, 28, 3, 2, 1).cost();
        assertEquals(2.0 * 128 * 14 * 14 * 128 * 9, c.flops());
        assertEquals(4.0 * (128 * 28 * 28 + 128 * 14 * 14 + 128 * 128 * 9), c.bytes());
    }

    @Test
    void depthwiseConvolutionCountsOneInputChannelPerOutput() {
        Cost c = Layers.conv("c", 96, 96, 56, 7, 1, 96).cost();
        assertEquals(2.0 * 96 * 56 * 56 * 49, c.flops());
        assertEquals(4.0 * (2 * 96 * 56 * 56 + 96 * 49), c.bytes());
    }

    @Test
    void matmulCountsMnk() {
        Cost c = Layers.matmul("m", 64, 32, 16).cost();
        assertEquals(2.0 * 64 * 32 * 16, c.flops());
        assertEquals(4.0 * (64 * 32 + 32 * 16 + 64 * 16), c.bytes());
        assertEquals(c.flops() / c.bytes(), c.intensity());
    }
}
