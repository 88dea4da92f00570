package kiln.passes.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Conv;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopPrinter;
import kiln.ir.loop.Program;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;
import kiln.ir.text.IrParser;
import kiln.passes.graph.GraphPipelines;
import kiln.passes.graph.Model;
import kiln.passes.loop.LoopPipeline;
import kiln.passes.lower.Lowering;
import kiln.passes.schedule.DefaultScheduler;
import kiln.runtime.DType;
import org.junit.jupiter.api.Test;

/** Epilogue fusion of lowered programs: what fuses, what must not, and that the result computes the same. */
class ProgramFusionTest {

    private static Model model(String text, int batch) {
        Graph g = IrParser.parse(text, "test.kir").bindBatch(batch);
        return Model.initial(g);
    }

    private static List<String> kernelNames(Program p) {
        return p.calls().stream().map(c -> c.kernel().name()).toList();
    }

    @Test
    void convBatchNormReluBecomesOneKernel() {
        Model m = model("""
                graph cbr {
                  input %x: f32[N, 3, 7, 5]
                  param %w: f32[4, 3, 3, 3]
                  param %b: f32[4]
                  param %bn.weight: f32[4]
                  param %bn.bias: f32[4]
                  param %bn.mean: f32[4]
                  param %bn.var: f32[4]
                  %c = conv(%x, %w, %b) {pads_begin=[1, 1], pads_end=[1, 1]}
                  %n = batch_norm(%c, %bn.weight, %bn.bias, %bn.mean, %bn.var)
                  %y = relu(%n)
                  output y = %y
                }
                """, 2);
        Program unfused = Lowering.lower(m.graph(), m.weights());
        Program fused = ProgramChecks.lowerFuseAndCheck(m, "conv-bn-relu");
        assertEquals(List.of("conv_c_batch_norm_n_relu_y"), kernelNames(fused));
        Map<String, List<String>> parts = new LinkedHashMap<>();
        ProgramFusion.fuse(unfused, parts::put);
        assertEquals(Map.of("conv_c_batch_norm_n_relu_y", List.of("conv_c", "batch_norm_n", "relu_y")), parts);
        assertEquals(0, ProgramChecks.tempBytes(fused));
        assertEquals(2 * 2 * 4 * 7 * 5 * 4, ProgramChecks.tempBytes(unfused));
        // With the norm folded into the convolution first, the same block is one kernel too.
        Model folded = GraphPipelines.optimize(m);
        assertEquals(List.of("conv_n_relu_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(folded, "folded")));
    }

    @Test
    void residualAddAndReluFuseIntoTheConvolution() {
        Model m = model("""
                graph residual {
                  input %x: f32[N, 4, 6, 5]
                  param %w: f32[4, 4, 3, 3]
                  param %b: f32[4]
                  %c = conv(%x, %w, %b) {pads_begin=[1, 1], pads_end=[1, 1]}
                  %s = add(%c, %x)
                  %y = relu(%s)
                  output y = %y
                }
                """, 3);
        assertEquals(List.of("conv_c_add_s_relu_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(m, "residual")));
    }

    /**
     * The epilogue does not change how the producer is scheduled: the fused kernel gets the convolution's own
     * schedule (register tile, vector axis, parallel axis), and the epilogue lands in the tile's write-back.
     */
    @Test
    void theFusedKernelKeepsTheProducersRegisterTiling() {
        Model m = model("""
                graph residual {
                  input %x: f32[N, 8, 9, 10]
                  param %w: f32[8, 8, 3, 3]
                  param %b: f32[8]
                  %c = conv(%x, %w, %b) {pads_begin=[1, 1], pads_end=[1, 1]}
                  %s = add(%c, %x)
                  %y = relu(%s)
                  output y = %y
                }
                """, 1);
        Program unfused = Lowering.lower(m.graph(), m.weights());
        Program fused = ProgramFusion.fuse(unfused);
        DefaultScheduler.Scheduled conv = DefaultScheduler.run(unfused.calls().getFirst().kernel());
        DefaultScheduler.Scheduled all = DefaultScheduler.run(fused.calls().getFirst().kernel());
        assertEquals(conv.schedule().text(), all.schedule().text());
        assertTrue(all.schedule().text().contains("tile_accumulator"), all.schedule().text());
        // The output is stored from the tile's write-back only, each value through the ReLU of the epilogue;
        // nothing else is written but the tile.
        Kernel k = LoopPipeline.STANDARD.run(all.kernel());
        List<Stmt.Store> stores = Uses.stores(k.body()).stream().filter(s -> s.buffer().name().startsWith("out")).toList();
        assertTrue(!stores.isEmpty() && stores.stream().allMatch(s -> s.value() instanceof Expr.Bin b
                && b.op() == BinOp.MAX), LoopPrinter.print(k));
        assertEquals(List.of("acc_tile", "out"), Uses.written(k.body()).stream().map(b -> b.name()).sorted().toList());
    }

    @Test
    void linearGelu() {
        Model m = model("""
                graph mlp {
                  input %x: f32[N, 5, 6]
                  param %fc.weight: f32[7, 6]
                  param %fc.bias: f32[7]
                  %h = linear(%x, %fc.weight, %fc.bias)
                  %y = gelu(%h)
                  output y = %y
                }
                """, 2);
        assertEquals(List.of("linear_h_gelu_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(m, "linear-gelu")));
    }

    @Test
    void aSumOfTwoConvolutionsFusesIntoTheLaterOne() {
        Model m = model("""
                graph two {
                  input %x: f32[N, 2, 5, 5]
                  param %w1: f32[3, 2, 1, 1]
                  param %w2: f32[3, 2, 3, 3]
                  %a = conv(%x, %w1)
                  %b = conv(%x, %w2) {pads_begin=[1, 1], pads_end=[1, 1]}
                  %y = add(%a, %b)
                  output y = %y
                }
                """, 1);
        assertEquals(List.of("conv_a", "conv_b_add_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(m, "two convs")));
    }

    @Test
    void aValueWithAnotherUseStaysInMemory() {
        Model m = model("""
                graph shared {
                  input %x: f32[N, 3, 4, 4]
                  param %w: f32[3, 3, 1, 1]
                  %c = conv(%x, %w)
                  %r = relu(%c)
                  %p = global_avg_pool(%c)
                  %y = mul(%r, %p)
                  output y = %y
                }
                """, 1);
        // The pool reads c too, so relu cannot take c's place in the convolution. The multiply reads r in
        // place, but also p, which the pool writes after relu runs: it cannot move up into relu either.
        assertEquals(List.of("conv_c", "relu_r", "global_avg_pool_p", "mul_y"),
                kernelNames(ProgramChecks.lowerFuseAndCheck(m, "shared")));
    }

    @Test
    void oneConsumerMayReadAValueInPlaceTwice() {
        Model m = model("""
                graph twice {
                  input %x: f32[N, 3, 4, 4]
                  param %w: f32[3, 3, 1, 1]
                  %c = conv(%x, %w)
                  %r = relu(%c)
                  %y = add(%r, %c)
                  output y = %y
                }
                """, 1);
        // add fuses into relu; then relu-add is c's only reader, and fuses into the convolution.
        assertEquals(List.of("conv_c_relu_r_add_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(m, "twice")));
    }

    @Test
    void outputsAndPermutedReadsDoNotFuse() {
        Model m = model("""
                graph stays {
                  input %x: f32[N, 3, 4, 5]
                  param %w: f32[3, 3, 1, 1]
                  %c = conv(%x, %w)
                  %r = relu(%c)
                  %t = transpose(%r) {perm=[0, 1, 3, 2]}
                  output c = %c
                  output t = %t
                }
                """, 2);
        Program unfused = Lowering.lower(m.graph(), m.weights());
        Program fused = ProgramFusion.fuse(unfused);
        // c is a model output, so relu may not absorb it; the transpose reads r permuted.
        assertSame(unfused, fused);
        ProgramChecks.check(m, unfused, fused, "stays");
    }

    @Test
    void elementwiseChainsCollapse() {
        Model m = model("""
                graph chain {
                  input %x: f32[N, 4, 3]
                  input %z: f32[N, 4, 3]
                  param %s: f32[4, 1]
                  %a = mul(%x, %s)
                  %b = add(%a, %z)
                  %c = sigmoid(%b)
                  %y = mul(%c, %b)
                  output y = %y
                }
                """, 2);
        // b is read by sigmoid and by the last mul: the two fuse first, and then are b's one reader.
        assertEquals(List.of("mul_a_add_b_sigmoid_c_mul_y"), kernelNames(ProgramChecks.lowerFuseAndCheck(m, "chain")));
    }

    /** Convolution, batch norm, an activation and, where shapes allow, a residual add, at odd sizes. */
    @Test
    void randomBlocksAtOddShapes() {
        int[] sizes = {1, 2, 3, 5, 7, 11, 13};
        UnaryFn[] acts = {UnaryFn.RELU, UnaryFn.GELU, UnaryFn.SILU, UnaryFn.HARD_SWISH, UnaryFn.SIGMOID};
        SplittableRandom r = new SplittableRandom(20240611);
        for (int trial = 0; trial < 12; trial++) {
            int n = 1 + r.nextInt(2);
            int c = sizes[r.nextInt(sizes.length)];
            int h = sizes[r.nextInt(sizes.length)];
            int w = sizes[r.nextInt(sizes.length)];
            int k = 1 + 2 * r.nextInt(3);
            boolean depthwise = r.nextBoolean();
            int stride = 1 + r.nextInt(2);
            String context = "trial " + trial + ": n=" + n + " c=" + c + " h=" + h + " w=" + w + " k=" + k
                    + (depthwise ? " depthwise" : "") + " stride=" + stride + " (seed 20240611)";
            GraphBuilder b = new GraphBuilder("block" + trial);
            Value x = b.input("x", TensorType.of(DType.F32, n, c, h, w));
            Value wt = b.param("conv.weight", TensorType.of(DType.F32, c, depthwise ? 1 : c, k, k));
            Value bias = b.param("conv.bias", TensorType.of(DType.F32, c));
            List<Integer> pads = List.of(k / 2, k / 2);
            Value y = b.add(new Conv(List.of(stride, stride), pads, pads, List.of(1, 1), depthwise ? c : 1), x, wt, bias);
            Value[] stats = new Value[4];
            String[] names = {"bn.weight", "bn.bias", "bn.mean", "bn.var"};
            for (int i = 0; i < 4; i++) {
                stats[i] = b.param(names[i], TensorType.of(DType.F32, c));
            }
            y = b.add(new BatchNorm(1e-5), y, stats[0], stats[1], stats[2], stats[3]);
            y = b.add(new Unary(acts[r.nextInt(acts.length)]), y);
            if (stride == 1) {
                y = b.add(new Binary(BinaryFn.ADD), y, x);
            }
            b.output("y", y);
            Model m = Model.initial(b.build());
            Program fused = ProgramChecks.lowerFuseAndCheck(m, context);
            assertEquals(1, fused.calls().size(), context);
            assertEquals(1, ProgramChecks.lowerFuseAndCheck(GraphPipelines.optimize(m), context + ", folded").calls().size());
            assertTrue(ProgramChecks.tempBytes(fused) == 0, context);
        }
    }
}
