package kiln.ir.text;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import kiln.ir.graph.BatchNorm;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Cast;
import kiln.ir.graph.Clip;
import kiln.ir.graph.Compare;
import kiln.ir.graph.CompareFn;
import kiln.ir.graph.ComplexPart;
import kiln.ir.graph.Concat;
import kiln.ir.graph.Constant;
import kiln.ir.graph.Conv;
import kiln.ir.graph.FftNorm;
import kiln.ir.graph.Flatten;
import kiln.ir.graph.Gather;
import kiln.ir.graph.GatherElements;
import kiln.ir.graph.Gemm;
import kiln.ir.graph.GlobalPool;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.GroupNorm;
import kiln.ir.graph.HardSigmoid;
import kiln.ir.graph.InstanceNorm;
import kiln.ir.graph.IrException;
import kiln.ir.graph.Irfft;
import kiln.ir.graph.LayerNorm;
import kiln.ir.graph.LeakyRelu;
import kiln.ir.graph.Linear;
import kiln.ir.graph.MakeComplex;
import kiln.ir.graph.MatMul;
import kiln.ir.graph.NearestRounding;
import kiln.ir.graph.Op;
import kiln.ir.graph.Pad;
import kiln.ir.graph.PadMode;
import kiln.ir.graph.Pool;
import kiln.ir.graph.PoolKind;
import kiln.ir.graph.Reduce;
import kiln.ir.graph.ReduceKind;
import kiln.ir.graph.Reshape;
import kiln.ir.graph.Resize;
import kiln.ir.graph.ResizeCoordinates;
import kiln.ir.graph.ResizeMode;
import kiln.ir.graph.Rfft;
import kiln.ir.graph.Shape;
import kiln.ir.graph.Shrink;
import kiln.ir.graph.Slice;
import kiln.ir.graph.Softmax;
import kiln.ir.graph.Split;
import kiln.ir.graph.Squeeze;
import kiln.ir.graph.StarRelu;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Transpose;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Unsqueeze;
import kiln.ir.graph.Value;
import kiln.ir.graph.Where;
import kiln.runtime.DType;
import kiln.runtime.Tensor;

/**
 * Random well-typed graphs from a seed: small shapes (often with the symbolic batch), random attributes
 * (including NaN, -0.0 and random bit patterns for doubles), random constants, and names that need
 * quoting. An op whose random attributes do not fit its input is simply not added, so the generator
 * stays simple and still covers every op.
 */
final class RandomGraphs {
    private static final String[] ODD_NAMES = {
        "with space", "quote\"d", "back\\slash", "new\nline", "tab\tbed", "caf\u00e9", "\uD835\uDC9C", "50%", "#hash",
        "{brace}", "a=b", "-dash", "x:y", "\u0001ctl", "lone\uD800", "N", "graph", "0start", "\uDC00lone"
    };

    private final SplittableRandom random;
    private final GraphBuilder b;
    private final List<Value> pool = new ArrayList<>();
    private int names;

    private RandomGraphs(long seed) {
        this.random = new SplittableRandom(seed);
        this.b = new GraphBuilder(random.nextInt(4) == 0 ? "model " + seed : "g" + seed);
    }

    static Graph generate(long seed) {
        return new RandomGraphs(seed).build();
    }

    private Graph build() {
        int inputs = random.nextInt(1, 4);
        for (int i = 0; i < inputs; i++) {
            pool.add(b.input(name("in"), randomType(random.nextInt(1, 5), random.nextBoolean())));
        }
        int target = random.nextInt(4, 25);
        List<Supplier<Boolean>> moves = List.of(this::unary, this::binary, this::activation, this::constant,
                this::conv, this::pool, this::norm, this::reduce, this::layout, this::splitConcat, this::slicePad,
                this::gather, this::cast, this::fft, this::matrix, this::compare, this::gatherElements, this::resize);
        for (int added = 0, tries = 0; added < target && tries < 20 * target; tries++) {
            if (moves.get(random.nextInt(moves.size())).get()) {
                added++;
            }
        }
        int outputs = random.nextInt(1, 4);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String name = name("out");
            if (!name.isEmpty() && !used.contains(name)) {
                used.add(name);
                b.output(name, i == 0 ? pool.getLast() : pick());
            }
        }
        if (used.isEmpty()) {
            b.output("y", pool.getLast());
        }
        return b.build();
    }

    /** A fresh name: usually plain, sometimes one that must be quoted. */
    private String name(String base) {
        names++;
        if (random.nextInt(5) == 0) {
            return ODD_NAMES[random.nextInt(ODD_NAMES.length)] + names;
        }
        return random.nextBoolean() ? base + names : "stage" + random.nextInt(3) + ".block" + names + ".weight";
    }

    private TensorType randomType(int rank, boolean batch) {
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = random.nextInt(1, 7);
        }
        if (batch) {
            dims[0] = Shape.BATCH;
        }
        return TensorType.of(DType.F32, dims);
    }

    private Value pick() {
        return pool.get(random.nextInt(pool.size()));
    }

    private Value param(int... dims) {
        return b.param(name("p"), TensorType.of(DType.F32, dims));
    }

    /** Adds a node; false (and nothing added) when the op rejects its attributes or inputs. */
    private boolean add(Supplier<Op> op, Value... in) {
        try {
            List<Value> out = b.addMulti(random.nextInt(3) == 0 ? name("v") : null, op.get(), List.of(in));
            pool.addAll(out);
            return true;
        } catch (IrException e) {
            return false;
        }
    }

    private double anyDouble() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> -0.0;
            case 2 -> random.nextBoolean() ? Double.NaN : Double.longBitsToDouble(0x7ff0000000000000L | random.nextLong(1,
                    1L << 52));
            case 3 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4 -> random.nextBoolean() ? Double.MIN_VALUE : Double.MAX_VALUE;
            default -> random.nextInt(-100, 100) / 8.0;
        };
    }

    private double smallPositive() {
        return random.nextBoolean() ? 1e-5 : random.nextDouble();
    }

    private List<Integer> ints(int n, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.nextInt(from, to));
        }
        return out;
    }

    private boolean unary() {
        Value v = pick();
        UnaryFn fn = UnaryFn.values()[random.nextInt(UnaryFn.values().length)];
        return add(() -> new Unary(fn), v);
    }

    private boolean binary() {
        Value v = pick();
        BinaryFn fn = BinaryFn.values()[random.nextInt(BinaryFn.values().length)];
        int[] dims = v.type().shape().dims();
        int keep = random.nextInt(dims.length + 1);
        int[] tail = Arrays.copyOfRange(dims, dims.length - keep, dims.length);
        for (int i = 0; i < tail.length; i++) {
            if (tail[i] == Shape.BATCH || random.nextInt(3) == 0) {
                tail[i] = 1;
            }
        }
        Value other = random.nextBoolean() ? pick() : b.param(name("p"), TensorType.of(v.type().dtype(), tail));
        return add(() -> new Binary(fn), v, other);
    }

    private boolean activation() {
        Value v = pick();
        return switch (random.nextInt(5)) {
            case 0 -> add(() -> new LeakyRelu(anyDouble()), v);
            case 1 -> add(() -> new HardSigmoid(anyDouble(), anyDouble()), v);
            case 2 -> add(() -> new Clip(anyDouble(), anyDouble()), v);
            case 3 -> add(() -> new Shrink(anyDouble(), anyDouble()), v);
            default -> add(StarRelu::new, v, param(1), param(1));
        };
    }

    private boolean constant() {
        DType d = DType.values()[random.nextInt(DType.values().length)];
        int[] dims = ints(random.nextInt(0, 3), 0, 4).stream().mapToInt(Integer::intValue).toArray();
        Tensor t = Tensor.zeros(d, dims);
        for (long i = 0; i < t.data().byteSize(); i++) {
            byte v = (byte) random.nextInt();
            t.data().set(ValueLayout.JAVA_BYTE, i, d == DType.BOOL ? (byte) (v & 1) : v);
        }
        return add(() -> new Constant(t));
    }

    private boolean conv() {
        Value x = pick();
        int rank = x.type().rank();
        if (rank < 3 || x.type().dim(1) < 1) {
            return false;
        }
        int s = rank - 2;
        int c = x.type().dim(1);
        int groups = random.nextBoolean() ? 1 : c;
        int out = groups * random.nextInt(1, 3);
        int[] w = new int[rank];
        w[0] = out;
        w[1] = c / groups;
        for (int i = 2; i < rank; i++) {
            w[i] = random.nextInt(1, 4);
        }
        Value weight = param(w);
        Op op = new Conv(ints(s, 1, 3), ints(s, 0, 2), ints(s, 0, 2), ints(s, 1, 3), groups);
        return random.nextBoolean() ? add(() -> op, x, weight) : add(() -> op, x, weight, param(out));
    }

    private boolean pool() {
        Value x = pick();
        int s = Math.max(1, x.type().rank() - 2);
        PoolKind kind = PoolKind.values()[random.nextInt(2)];
        if (random.nextInt(3) == 0) {
            return add(() -> new GlobalPool(kind), x);
        }
        return add(() -> new Pool(kind, ints(s, 1, 4), ints(s, 1, 3), ints(s, 0, 2), ints(s, 0, 2), ints(s, 1, 3),
                random.nextBoolean(), random.nextBoolean()), x);
    }

    private boolean norm() {
        Value x = pick();
        int c = x.type().rank() >= 2 ? Math.max(1, x.type().dim(1)) : 1;
        return switch (random.nextInt(4)) {
            case 0 -> add(() -> new BatchNorm(smallPositive()), x, param(c), param(c), param(c), param(c));
            case 1 -> add(() -> new LayerNorm(List.of(-1), smallPositive()), x);
            case 2 -> add(() -> new InstanceNorm(smallPositive()), x, param(c), param(c));
            default -> add(() -> new GroupNorm(random.nextBoolean() ? 1 : c, smallPositive()), x);
        };
    }

    private boolean reduce() {
        Value x = pick();
        ReduceKind kind = ReduceKind.values()[random.nextInt(ReduceKind.values().length)];
        int rank = x.type().rank();
        List<Integer> axes = rank == 0 ? List.of() : ints(random.nextInt(0, 2), -rank, rank);
        return random.nextBoolean() ? add(() -> new Reduce(kind, axes, random.nextBoolean()), x)
                : add(() -> new Softmax(rank == 0 ? 0 : random.nextInt(-rank, rank)), x);
    }

    private boolean layout() {
        Value x = pick();
        int rank = x.type().rank();
        Shape shape = x.type().shape();
        return switch (random.nextInt(5)) {
            case 0 -> {
                List<Integer> perm = new ArrayList<>();
                for (int i = 0; i < rank; i++) {
                    perm.add(i);
                }
                java.util.Collections.shuffle(perm, new java.util.Random(random.nextLong()));
                yield add(() -> new Transpose(perm), x);
            }
            case 1 -> add(() -> new Flatten(random.nextInt(0, rank + 1)), x);
            case 2 -> add(() -> new Unsqueeze(List.of(random.nextInt(0, rank + 1))), x);
            case 3 -> add(() -> new Squeeze(random.nextBoolean() ? List.of() : List.of(random.nextInt(0, Math.max(1,
                    rank)))), x);
            default -> {
                long n = shape.staticElementCount();
                Shape target = shape.isStatic() ? Shape.of((int) n) : Shape.of(Shape.BATCH, (int) n);
                yield add(() -> new Reshape(target), x);
            }
        };
    }

    private boolean splitConcat() {
        Value x = pick();
        int rank = x.type().rank();
        if (rank == 0) {
            return false;
        }
        int axis = random.nextInt(rank);
        int d = x.type().dim(axis);
        if (d < 1) {
            return false;
        }
        int first = random.nextInt(0, d + 1);
        try {
            List<Value> parts = b.addMulti(null, new Split(axis, List.of(first, d - first)), List.of(x));
            pool.addAll(parts);
            return add(() -> new Concat(axis - rank), parts.get(1), parts.get(0));
        } catch (IrException e) {
            return false;
        }
    }

    private boolean slicePad() {
        Value x = pick();
        int rank = x.type().rank();
        if (random.nextBoolean() && rank > 0) {
            int axis = random.nextInt(rank);
            // A negative step over an empty axis trips Slice.resolve (Math.clamp with max -1).
            int step = random.nextBoolean() || x.type().dim(axis) == 0 ? 1 : -random.nextInt(1, 3);
            return add(() -> new Slice(List.of(random.nextInt(-3, 3)), List.of(random.nextInt(-3, 6)), List.of(axis),
                    List.of(step)), x);
        }
        PadMode mode = PadMode.values()[random.nextInt(PadMode.values().length)];
        List<Integer> begin = ints(rank, 0, 2);
        List<Integer> end = ints(rank, -1, 2);
        if (rank > 0 && x.type().shape().isBatch(0)) {
            begin.set(0, 0);
            end.set(0, 0);
        }
        return add(() -> new Pad(mode, begin, end, anyDouble()), x);
    }

    private boolean gather() {
        Value x = pick();
        int rank = x.type().rank();
        if (rank == 0 || x.type().shape().isBatch(0)) {
            return false;
        }
        int n = x.type().dim(0);
        if (n == 0) {
            return false;
        }
        long[] idx = {random.nextInt(-n, n), random.nextInt(-n, n)};
        try {
            Value indices = b.add(new Constant(Tensor.ofLongs(new int[] {2}, idx)));
            pool.add(indices);
            return add(() -> new Gather(0), x, indices);
        } catch (IrException e) {
            return false;
        }
    }

    /** A comparison, then sometimes a where that selects by it. */
    private boolean compare() {
        Value v = pick();
        Value other = pick();
        CompareFn fn = CompareFn.values()[random.nextInt(CompareFn.values().length)];
        if (!add(() -> new Compare(fn), v, other)) {
            return false;
        }
        Value cond = pool.getLast();
        return random.nextBoolean() || add(Where::new, cond, random.nextBoolean() ? v : other, pick());
    }

    private boolean gatherElements() {
        Value x = pick();
        int rank = x.type().rank();
        if (rank == 0 || !x.type().shape().isStatic()) {
            return false;
        }
        int axis = random.nextInt(rank);
        int[] dims = x.type().shape().dims();
        int[] idims = new int[rank];
        for (int i = 0; i < rank; i++) {
            idims[i] = i == axis ? random.nextInt(0, 4) : random.nextInt(0, dims[i] + 1);
        }
        int len = dims[axis];
        Tensor t = Tensor.zeros(DType.I64, idims);
        if (len == 0 && t.size() > 0) {
            return false;
        }
        for (long i = 0; i < t.size(); i++) {
            t.setLong(i, random.nextInt(-len, len));
        }
        Value indices = b.add(new Constant(t));
        pool.add(indices);
        return add(() -> new GatherElements(random.nextBoolean() ? axis : axis - rank), x, indices);
    }

    private boolean resize() {
        Value x = pick();
        Shape in = x.type().shape();
        int rank = in.rank();
        int[] sizes = new int[rank];
        List<Double> scales = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            sizes[i] = in.isBatch(i) || in.dim(i) == 0 ? in.dim(i) : random.nextInt(0, 8);
            scales.add(in.isBatch(i) || random.nextBoolean() ? 1.0 : Math.abs(anyDouble()));
        }
        ResizeCoordinates coordinates = ResizeCoordinates.values()[random.nextInt(ResizeCoordinates.values().length)];
        List<Double> roi = new ArrayList<>();
        if (coordinates == ResizeCoordinates.TF_CROP_AND_RESIZE) {
            for (int i = 0; i < 2 * rank; i++) {
                roi.add(in.isBatch(i % rank) ? (i < rank ? 0.0 : 1.0) : anyDouble());
            }
        }
        ResizeMode mode = ResizeMode.values()[random.nextInt(ResizeMode.values().length)];
        NearestRounding nearest = NearestRounding.values()[random.nextInt(NearestRounding.values().length)];
        return add(() -> new Resize(mode, coordinates, nearest, anyDouble(), random.nextBoolean(), Shape.of(sizes),
                scales, roi, anyDouble()), x);
    }

    private boolean cast() {
        DType to = DType.values()[random.nextInt(DType.values().length)];
        return add(() -> new Cast(to), pick());
    }

    private boolean fft() {
        Value x = pick();
        FftNorm norm = FftNorm.values()[random.nextInt(FftNorm.values().length)];
        return switch (random.nextInt(5)) {
            case 0 -> add(() -> new Rfft(List.of(random.nextInt(1, 9)), norm), x);
            case 1 -> add(() -> new Irfft(List.of(random.nextInt(1, 9)), norm), x);
            case 2 -> add(() -> new ComplexPart(random.nextBoolean()), x);
            case 3 -> add(MakeComplex::new, x, pick());
            default -> add(() -> new Unary(UnaryFn.CONJ), x);
        };
    }

    private boolean matrix() {
        Value x = pick();
        int rank = x.type().rank();
        if (rank == 0 || x.type().shape().isBatch(rank - 1)) {
            return false;
        }
        int k = x.type().dim(rank - 1);
        int n = random.nextInt(1, 5);
        return switch (random.nextInt(3)) {
            case 0 -> add(MatMul::new, x, param(k, n));
            case 1 -> add(Linear::new, x, param(n, k), param(n));
            default -> add(() -> new Gemm(anyDouble(), anyDouble(), false, random.nextBoolean()), x,
                    param(random.nextBoolean() ? n : k, random.nextBoolean() ? k : n));
        };
    }
}
