package kiln.ir.text;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Pool;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.TensorType;

/**
 * The values a hand-written file may leave out. The printer always writes every attribute, so defaults
 * only make files shorter; they never change what a printed file means.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>op</th><th>attribute</th><th>default</th></tr>
 * <tr><td>conv, avg_pool, max_pool</td><td>strides, dilations</td><td>all 1, one per spatial axis (rank of
 * the first input − 2)</td></tr>
 * <tr><td>conv, avg_pool, max_pool</td><td>pads_begin, pads_end</td><td>all 0, one per spatial axis</td></tr>
 * <tr><td>conv</td><td>groups</td><td>1</td></tr>
 * <tr><td>avg_pool, max_pool</td><td>ceil_mode, count_include_pad</td><td>false</td></tr>
 * <tr><td>batch_norm, layer_norm, instance_norm, group_norm</td><td>epsilon</td><td>1e-5</td></tr>
 * <tr><td>reduce_*</td><td>axes, keep_dims</td><td>[] (all axes), false</td></tr>
 * <tr><td>squeeze</td><td>axes</td><td>[] (every size-1 axis)</td></tr>
 * <tr><td>slice</td><td>axes, steps</td><td>0..n−1 and all 1, n = length of starts</td></tr>
 * <tr><td>gemm</td><td>alpha, beta, trans_a, trans_b</td><td>1.0, 1.0, false, false</td></tr>
 * <tr><td>pad</td><td>mode, value</td><td>constant, 0.0</td></tr>
 * <tr><td>rfft, irfft</td><td>norm</td><td>backward</td></tr>
 * <tr><td>clip</td><td>min, max</td><td>-inf, inf</td></tr>
 * <tr><td>resize</td><td>mode, coordinates, nearest, cubic_a, exclude_outside</td><td>nearest, half_pixel,
 * round_prefer_floor, -0.75, false</td></tr>
 * <tr><td>resize</td><td>scales</td><td>sizes / input sizes, per axis</td></tr>
 * <tr><td>resize</td><td>roi, extrapolation</td><td>the whole input ([0, …, 1, …]) with tf_crop_and_resize,
 * else []; 0.0</td></tr>
 * </table>
 */
final class AttributeDefaults {
    /** What a default may depend on: the op's input types and the attributes read so far. */
    record Context(List<TensorType> inputs, Map<String, Object> given) {
        /** The number of spatial axes of the first input, {@code rank - 2}; 0 without inputs. */
        int spatialRank() {
            return inputs.isEmpty() ? 0 : Math.max(0, inputs.getFirst().rank() - 2);
        }
    }

    private static final double EPSILON = 1e-5;
    private static final Map<Class<? extends Op>, Map<String, Function<Context, Object>>> TABLE = table();

    private AttributeDefaults() {
    }

    /** The default of {@code attribute} of {@code op}, or null when it has none. */
    static Object of(Class<? extends Op> op, String attribute, Context context) {
        Function<Context, Object> rule = TABLE.getOrDefault(op, Map.of()).get(attribute);
        return rule == null ? null : rule.apply(context);
    }

    private static Map<Class<? extends Op>, Map<String, Function<Context, Object>>> table() {
        Map<Class<? extends Op>, Map<String, Function<Context, Object>>> t = new HashMap<>();
        for (Class<? extends Op> window : List.of(Conv.class, Pool.class)) {
            put(t, window, "strides", c -> ones(c.spatialRank()));
            put(t, window, "dilations", c -> ones(c.spatialRank()));
            put(t, window, "pads_begin", c -> zeros(c.spatialRank()));
            put(t, window, "pads_end", c -> zeros(c.spatialRank()));
        }
        put(t, Conv.class, "groups", c -> 1);
        put(t, Pool.class, "ceil_mode", c -> false);
        put(t, Pool.class, "count_include_pad", c -> false);
        for (Class<? extends Op> norm : List.of(BatchNorm.class, LayerNorm.class, InstanceNorm.class,
                GroupNorm.class)) {
            put(t, norm, "epsilon", c -> EPSILON);
        }
        put(t, Reduce.class, "axes", c -> List.of());
        put(t, Reduce.class, "keep_dims", c -> false);
        put(t, Squeeze.class, "axes", c -> List.of());
        put(t, Slice.class, "axes", c -> c.given().get("starts") instanceof List<?> s
                ? IntStream.range(0, s.size()).boxed().toList() : null);
        put(t, Slice.class, "steps", c -> c.given().get("starts") instanceof List<?> s ? ones(s.size()) : null);
        put(t, Gemm.class, "alpha", c -> 1.0);
        put(t, Gemm.class, "beta", c -> 1.0);
        put(t, Gemm.class, "trans_a", c -> false);
        put(t, Gemm.class, "trans_b", c -> false);
        put(t, Pad.class, "mode", c -> PadMode.CONSTANT);
        put(t, Pad.class, "value", c -> 0.0);
        put(t, Rfft.class, "norm", c -> FftNorm.BACKWARD);
        put(t, Irfft.class, "norm", c -> FftNorm.BACKWARD);
        put(t, Clip.class, "min", c -> Double.NEGATIVE_INFINITY);
        put(t, Clip.class, "max", c -> Double.POSITIVE_INFINITY);
        put(t, Resize.class, "mode", c -> ResizeMode.NEAREST);
        put(t, Resize.class, "coordinates", c -> ResizeCoordinates.HALF_PIXEL);
        put(t, Resize.class, "nearest", c -> NearestRounding.ROUND_PREFER_FLOOR);
        put(t, Resize.class, "cubic_a", c -> Resize.DEFAULT_CUBIC_A);
        put(t, Resize.class, "exclude_outside", c -> false);
        put(t, Resize.class, "scales", c -> c.given().get("sizes") instanceof Shape s && !c.inputs().isEmpty()
                ? Resize.scalesFor(c.inputs().getFirst().shape(), s) : null);
        put(t, Resize.class, "roi", c -> c.given().get("sizes") instanceof Shape s
                ? c.given().get("coordinates") == ResizeCoordinates.TF_CROP_AND_RESIZE ? Resize.wholeRoi(s.rank())
                : List.of() : null);
        put(t, Resize.class, "extrapolation", c -> 0.0);
        return t;
    }

    private static void put(Map<Class<? extends Op>, Map<String, Function<Context, Object>>> t,
            Class<? extends Op> op, String attribute, Function<Context, Object> rule) {
        t.computeIfAbsent(op, k -> new HashMap<>()).put(attribute, rule);
    }

    private static List<Integer> ones(int n) {
        return Collections.nCopies(n, 1);
    }

    private static List<Integer> zeros(int n) {
        return Collections.nCopies(n, 0);
    }
}
